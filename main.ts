import { join } from "node:path";
import { App } from "cdktf";
import { loadEnvironments } from "./config/environments";
import { buildEnvStacks } from "./modules/gitana-platform/stacks";

// One stack per folder of envs/, named after it: `cdktf deploy prod` deploys envs/prod.
// No stack traces in construct metadata: nobody reads them, and capturing one per construct
// costs about 5 % of a synth.
const app = new App({ stackTraces: false });
buildEnvStacks(app, loadEnvironments(join(__dirname, "envs")));
app.synth();
