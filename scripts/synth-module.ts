/**
 * `npm run synth:module [-- <env>]`: writes the platform as a Terraform child module to
 * dist/terraform-module/gitana/ (one file per layer, variables, outputs, versions, README), packs
 * it as dist/terraform-module/gitana-module-<version>.tar.gz for callers to pin, and refreshes
 * docs/module-reference.md (the README, checked for staleness by test/integration/module-mode.test.ts).
 * The module's shape and defaults are the env's (default prod); see docs/module-mode.md.
 */
import { envConfigs, runCommand } from "../tools/cli";
import {
  DEFAULT_MODULE_ENV,
  MODULE_REFERENCE,
  releaseModule,
} from "../tools/module-mode/terraform-module";

const spec = {
  command: "synth:module",
  summary:
    "Writes the platform as a versioned child Terraform module to dist/terraform-module/gitana/ " +
    "(one file per layer), packs it as dist/terraform-module/gitana-module-<version>.tar.gz and " +
    `refreshes docs/module-reference.md; shape and defaults from the env given (default ${DEFAULT_MODULE_ENV}).`,
  args: "[<env>]",
  positionals: { min: 0, max: 1 },
} as const;

runCommand(spec, ({ positionals }) => {
  const [config] = envConfigs(positionals.length ? positionals : [DEFAULT_MODULE_ENV], {
    platformOnly: true,
  });
  const { moduleDir, archive } = releaseModule(config.env);
  console.log(`wrote ${moduleDir}, ${archive} and ${MODULE_REFERENCE}`);
});
