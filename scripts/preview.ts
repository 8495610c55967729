/**
 * `npm run preview -- <env>...`: what would be built, with no AWS account. Synthesizes the stacks
 * into cdktf.out/preview (never into the folder `cdktf deploy` uses, so the offline override can
 * never leak into a real deploy), runs terraform init and plan offline, writes each full plan to
 * cdktf.out/preview/<env>-plan.txt and ends with a short summary per env (counts by layer and
 * action, the Plan line, where the full plan is); `--full` prints the whole plan before it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { createOfflineRunner, type TerraformResult } from "./lib/terraform";
import { envConfigs, runCommand } from "./lib/cli";
import { countByLayer, formatPlanSummary, layersOf, planLine } from "./lib/plan-summary";
import { synthAll } from "./lib/synth";

const OUT_DIR = join(__dirname, "..", "cdktf.out", "preview");
const PLAN_FILE = "preview.tfplan";

const spec = {
  command: "preview",
  summary:
    "Offline terraform plan of each env given (no AWS account, no credentials). The full plan goes " +
    "to cdktf.out/preview/<env>-plan.txt; the output ends with a summary by layer and the Plan line.",
  args: "<env>...",
  positionals: { min: 1, max: Infinity },
  options: {
    full: { type: "boolean", description: "also print each full plan, before its summary" },
  },
  examples: ["npm run preview -- dev", "npm run preview -- dev staging --full"],
} as const;

runCommand(spec, async ({ values, positionals }) => {
  const envs = envConfigs(positionals).map((config) => config.env);
  const stackDirs = synthAll(OUT_DIR);
  const terraform = createOfflineRunner();
  console.error(`Providers from ${terraform.mirror ?? "the Terraform registry"}`);
  for (const env of envs) {
    const stackDir = stackDirs[env];
    console.error(`Planning "${env}" offline in ${relative(process.cwd(), stackDir)} ...`);
    const init = await terraform.init(stackDir);
    if (failed("init", init)) return 1;
    const plan = await terraform.plan(stackDir, PLAN_FILE);
    if (failed("plan", plan)) return 1;
    const shown = await terraform.show(stackDir, PLAN_FILE);
    if (failed("show", shown)) return 1;
    const planFile = join(OUT_DIR, `${env}-plan.txt`);
    writeFileSync(planFile, plan.stdout);
    if (values.full) process.stdout.write(`${plan.stdout}\n`);
    const stack = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
    const changes = (JSON.parse(shown.stdout) as { resource_changes?: [] }).resource_changes ?? [];
    console.log(
      formatPlanSummary(
        env,
        countByLayer(changes, layersOf(stack)),
        planLine(plan.stdout),
        relative(process.cwd(), planFile),
      ),
    );
    if (env !== envs[envs.length - 1]) console.log("");
  }
  return 0;
});

function failed(step: string, result: TerraformResult): boolean {
  if (result.code === 0) return false;
  console.error(
    `terraform ${step} failed (exit ${result.code}):\n${result.stdout}${result.stderr}`,
  );
  return true;
}
