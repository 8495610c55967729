import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { loadEnvironments } from "../../config/environments";
import { createApp } from "../../constructs/gitana-platform/app";
import { copyProviderLockFiles } from "../../constructs/gitana-platform/lock-files";
import { buildEnvStacks } from "../../constructs/gitana-platform/stacks";
import { ENVS_DIR } from "../paths";

/**
 * Synthesizes every env stack into `outdir` the way main.ts does (same loader, same builder, the
 * committed provider lock files), in this process. Returns the folder of each stack by name.
 */
export function synthAll(outdir: string, envsDir = ENVS_DIR): Record<string, string> {
  const configs = loadEnvironments(envsDir); // throws before anything is written
  mkdirSync(outdir, { recursive: true }); // cdktf creates only the last folder of the path
  const app = createApp({ outdir });
  const stacks = buildEnvStacks(app, configs);
  app.synth();
  copyProviderLockFiles(outdir, envsDir);
  return Object.fromEntries(stacks.map((s) => [s.node.id, join(outdir, "stacks", s.node.id)]));
}
