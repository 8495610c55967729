import { join } from "node:path";
import { InvalidEnvironmentsError, loadEnvironments } from "./config/environments";
import { createApp } from "./constructs/gitana-platform/app";
import { copyProviderLockFiles } from "./constructs/gitana-platform/lock-files";
import { buildEnvStacks } from "./constructs/gitana-platform/stacks";

// One stack per folder of envs/, named after it: `cdktf deploy prod` deploys envs/prod.
try {
  const envsDir = join(__dirname, "envs");
  const app = createApp();
  buildEnvStacks(app, loadEnvironments(envsDir));
  app.synth();
  copyProviderLockFiles(app.outdir, envsDir);
} catch (error) {
  // A config error is the user's to fix and says all there is: the message, not Node's stack.
  // Anything else is a bug, and keeps its stack trace.
  if (!(error instanceof InvalidEnvironmentsError)) throw error;
  console.error(error.message);
  process.exit(1);
}
