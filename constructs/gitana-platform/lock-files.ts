import { copyFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

import { LOCK_FILE } from "../../facts/artifact-names";

/**
 * Copies each env's committed lock file (envs/<env>/.terraform.lock.hcl) into its synthesized
 * stack folder, so that `terraform init -lockfile=readonly` there installs exactly the provider
 * build the pull request was planned with, and refuses any other. Returns the envs copied.
 */
export function copyProviderLockFiles(outdir: string, envsDir: string): string[] {
  const stacks = join(outdir, "stacks");
  if (!existsSync(stacks)) return [];
  return readdirSync(stacks).filter((env) => {
    const committed = join(envsDir, env, LOCK_FILE);
    if (!existsSync(committed)) return false;
    copyFileSync(committed, join(stacks, env, LOCK_FILE));
    return true;
  });
}
