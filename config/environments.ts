import { readdirSync } from "node:fs";
import { join } from "node:path";
import { acrossEnvProblems } from "./across-envs";
import { frozenNetworkProblems, readDeployedNetworks } from "./deployed-networks";
import { engineDowngradeProblems, readEngineVersions } from "./engine-versions";
import { stateBackendNames } from "../facts/state-backend-names";
import { InvalidConfigError, loadEnvConfig, type ConfigProblem } from "./load";
import type { BootstrapEnvConfig, EnvConfig } from "./schema";

/** Some env configs are invalid: the message names each env, field, value and rule. */
export class InvalidEnvironmentsError extends Error {
  override readonly name = "InvalidEnvironmentsError";
}

/**
 * Every sub-folder of `envsDir` is an environment; its name is the stack's name. Each folder's
 * index exports `config`. All envs are validated before any stack is built, each alone and then
 * against each other, and all their problems reported together, so a bad config never produces
 * half an output. An env may not lower an engine below the version envs/engine-versions.json
 * records for it, and an env that protects its data may not leave the network it was deployed
 * with (deployed-networks.ts).
 */
export function loadEnvironments(
  envsDir: string,
  options: { readonly ignoreDeployedNetworks?: boolean } = {},
): EnvConfig[] {
  const folders = readdirSync(envsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const recorded = readEngineVersions(envsDir);
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
      const downgrade = engineDowngradeProblems(config, recorded);
      if (downgrade.length > 0) throw new InvalidConfigError(env, downgrade);
      const frozen = frozenNetworkProblems(config, deployed[env]);
      if (frozen.length > 0) throw new InvalidConfigError(env, frozen);
      configs.push(config);
    } catch (error) {
      if (!(error instanceof InvalidConfigError)) throw error;
      errors.push(error.message);
    }
  }
  for (const bootstrap of configs.filter((c) => c.kind === "bootstrap")) {
    const problems = unlistedStateUsers(bootstrap, configs);
    if (problems.length > 0) errors.push(new InvalidConfigError(bootstrap.env, problems).message);
  }
  if (errors.length === 0) {
    for (const [env, problems] of acrossEnvProblems(configs))
      errors.push(new InvalidConfigError(env, problems).message);
  }
  if (errors.length > 0) throw new InvalidEnvironmentsError(errors.join("\n"));
  return configs;
}

/** Envs whose state lives in the bootstrap env's bucket but which its stateAccess does not list. */
function unlistedStateUsers(bootstrap: BootstrapEnvConfig, configs: EnvConfig[]): ConfigProblem[] {
  const bucket = stateBackendNames(bootstrap.stateBackend).bucket;
  return configs
    .filter(
      (c) =>
        c.kind === "platform" &&
        stateBackendNames(c.stateBackend).bucket === bucket &&
        !(c.env in bootstrap.stateAccess.envs),
    )
    .map((c) => ({
      field: "stateAccess.envs",
      value: Object.keys(bootstrap.stateAccess.envs),
      rule: `has no roles for env "${c.env}", whose state lives in this bucket: only break-glass could reach it; add ${c.env}: { planRoleArn, deployRoleArn }`,
    }));
}
