import { readdirSync } from "node:fs";
import { join } from "node:path";
import { acrossEnvProblems } from "./across-envs";
import { frozenNetworkProblems, readDeployedNetworks } from "./deployed-networks";
import { InvalidConfigError, loadEnvConfig } from "./load";
import type { EnvConfig } from "./schema";

/** Some env configs are invalid: the message names each env, field, value and rule. */
export class InvalidEnvironmentsError extends Error {
  override readonly name = "InvalidEnvironmentsError";
}

/**
 * Every sub-folder of `envsDir` is an environment; its name is the stack's name. Each folder's
 * index exports `config`. All envs are validated before any stack is built, each alone and then
 * against each other, and all their problems reported together, so a bad config never produces
 * half an output. An env that protects its data may not leave the network it was deployed with
 * (deployed-networks.ts).
 */
export function loadEnvironments(
  envsDir: string,
  options: { readonly ignoreDeployedNetworks?: boolean } = {},
): EnvConfig[] {
  const folders = readdirSync(envsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const configs: EnvConfig[] = [];
  const deployed = options.ignoreDeployedNetworks ? {} : readDeployedNetworks(envsDir);
  const errors: string[] = [];
  for (const env of folders) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- env folders are discovered at run time
      const module = require(join(envsDir, env)) as { config?: unknown };
      if (module.config === undefined) {
        throw new InvalidConfigError(env, [
          { field: "config", value: undefined, rule: `is not exported by envs/${env}/index.ts` },
        ]);
      }
      const config = loadEnvConfig(env, module.config);
      const frozen = frozenNetworkProblems(config, deployed[env]);
      if (frozen.length > 0) throw new InvalidConfigError(env, frozen);
      configs.push(config);
    } catch (error) {
      if (!(error instanceof InvalidConfigError)) throw error;
      errors.push(error.message);
    }
  }
  if (errors.length === 0) {
    for (const [env, problems] of acrossEnvProblems(configs))
      errors.push(new InvalidConfigError(env, problems).message);
  }
  if (errors.length > 0) throw new InvalidEnvironmentsError(errors.join("\n"));
  return configs;
}
