/**
 * `npm run synth:module [-- <env>]`: writes the platform as a Terraform child module to
 * dist/terraform-module/gitana/ (one file per layer, variables, outputs, versions, README), packs
 * it as dist/terraform-module/gitana-module-<version>.tar.gz for callers to pin, and refreshes
 * docs/module-reference.md (the README, checked for staleness by test/module-mode.test.ts).
 * The module's shape and defaults are the env's (default prod); see docs/module-mode.md.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { MODULE_REFERENCE, packModule, synthTerraformModule } from "./lib/terraform-module";

const moduleDir = synthTerraformModule(
  join(__dirname, "..", "dist", "terraform-module"),
  process.argv[2],
);
copyFileSync(join(moduleDir, "README.md"), MODULE_REFERENCE);
console.log(`wrote ${moduleDir}, ${packModule(moduleDir)} and ${MODULE_REFERENCE}`);
