/**
 * `npm run preview -- <env>`: what would be built, with no AWS account. Synthesizes the stacks
 * into cdktf.out/preview (never into the folder `cdktf deploy` uses, so the offline override can
 * never leak into a real deploy), then runs terraform init and plan offline and prints the plan.
 */
import { join } from "node:path";
import { createOfflineRunner, type TerraformResult } from "./lib/terraform";
import { envArgument } from "./lib/env-arg";
import { synthAll } from "./lib/synth";

async function main(): Promise<number> {
  const env = envArgument("preview")?.env;
  if (!env) return 2;
  const stackDir = synthAll(join(__dirname, "..", "cdktf.out", "preview"))[env];
  const terraform = createOfflineRunner();
  console.error(
    `Planning "${env}" offline in ${stackDir} (providers from ${terraform.mirror ?? "the Terraform registry"})`,
  );
  const init = await terraform.init(stackDir);
  if (failed("init", init)) return 1;
  const plan = await terraform.plan(stackDir);
  if (failed("plan", plan)) return 1;
  process.stdout.write(plan.stdout);
  return 0;
}

function failed(step: string, result: TerraformResult): boolean {
  if (result.code === 0) return false;
  console.error(
    `terraform ${step} failed (exit ${result.code}):\n${result.stdout}${result.stderr}`,
  );
  return true;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
