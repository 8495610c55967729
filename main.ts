import { join } from "node:path";
import { loadEnvironments } from "./config/environments";
import { createApp } from "./modules/gitana-platform/app";
import { buildEnvStacks } from "./modules/gitana-platform/stacks";

// One stack per folder of envs/, named after it: `cdktf deploy prod` deploys envs/prod.
const app = createApp();
buildEnvStacks(app, loadEnvironments(join(__dirname, "envs")));
app.synth();
