/** The offline plans behind `npm run preview` (scripts/preview.ts). */
import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { readStackJson } from "../../synthesized/stack-json";
import type { PlanJson } from "../../synthesized/plan-json";
import { OUT_DIR as ALL_OUT } from "../paths";
import { countByLayer, formatPlanSummary, layersOf, planLine } from "./plan-summary";
import { synthAll } from "./synth";
import { createOfflineRunner, type TerraformResult } from "./terraform";

const OUT_DIR = join(ALL_OUT, "preview");
const PLAN_FILE = "preview.tfplan";

/**
 * Plans each env offline, writes each full plan to cdktf.out/preview/<env>-plan.txt and prints a
 * summary per env (with `full`, the whole plan before it). Returns 1 when terraform fails.
 */
export async function previewEnvs(envs: readonly string[], full: boolean): Promise<number> {
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
    if (full) process.stdout.write(`${plan.stdout}\n`);
    const stack = readStackJson(stackDir);
    const changes = (JSON.parse(shown.stdout) as PlanJson).resource_changes ?? [];
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
}

function failed(step: string, result: TerraformResult): boolean {
  if (result.code === 0) return false;
  console.error(
    `terraform ${step} failed (exit ${result.code}):\n${result.stdout}${result.stderr}`,
  );
  return true;
}
