import { join } from "node:path";
import { loadEnvironments } from "./config/environments";
import { createApp } from "./modules/gitana-platform/app";
import { copyProviderLockFiles } from "./modules/gitana-platform/lock-files";
import { buildEnvStacks } from "./modules/gitana-platform/stacks";

// One stack per folder of envs/, named after it: `cdktf deploy prod` deploys envs/prod.
const envsDir = join(__dirname, "envs");
const app = createApp();
buildEnvStacks(app, loadEnvironments(envsDir));
app.synth();
copyProviderLockFiles(app.outdir, envsDir);
