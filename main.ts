import { join } from "node:path";
import { App } from "cdktf";
import { loadEnvironments } from "./config/environments";
import { buildEnvStacks } from "./modules/gitana-platform/stacks";

// One stack per folder of envs/, named after it: `cdktf deploy prod` deploys envs/prod.
const app = new App();
buildEnvStacks(app, loadEnvironments(join(__dirname, "envs")));
app.synth();
