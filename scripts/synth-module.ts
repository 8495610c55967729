/**
 * `npm run synth:module [-- <env>]`: writes the platform as a self-contained Terraform module to
 * dist/terraform-module/gitana/ (no provider, no backend; variables for the VPC, subnets, log
 * retention and hosted zone; every output). The shape is the env's (default prod).
 */
import { join } from "node:path";
import { synthTerraformModule } from "./lib/terraform-module";

const moduleDir = synthTerraformModule(
  join(__dirname, "..", "dist", "terraform-module"),
  process.argv[2] ?? "prod",
);
console.log(`wrote ${join(moduleDir, "main.tf.json")}`);
