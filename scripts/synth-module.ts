/**
 * `npm run synth:module [-- <env>]`: writes the platform as a self-contained Terraform module to
 * dist/terraform-module/gitana/ (no provider, no backend; variables for the VPC, subnets, log
 * retention and hosted zone; every output). The shape is the env's (default prod).
 */
import { join } from "node:path";
import { envConfigs, runCommand } from "./lib/cli";
import { synthTerraformModule } from "./lib/terraform-module";

const spec = {
  command: "synth:module",
  summary:
    "Writes the platform as a self-contained child Terraform module to " +
    "dist/terraform-module/gitana/main.tf.json, shaped like the env given (default prod).",
  args: "[<env>]",
  positionals: { min: 0, max: 1 },
} as const;

runCommand(spec, ({ positionals }) => {
  const [config] = envConfigs(positionals.length ? positionals : ["prod"], { platformOnly: true });
  const moduleDir = synthTerraformModule(
    join(__dirname, "..", "dist", "terraform-module"),
    config.env,
  );
  console.log(`wrote ${join(moduleDir, "main.tf.json")}`);
});
