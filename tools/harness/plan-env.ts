import type { PlanJson } from "../../synthesized/plan-json";
import { readStackJson, type StackJson } from "../../synthesized/stack-json";
import { createOfflineRunner, type OfflineRunner } from "./terraform";

/** What an offline plan of one synthesized stack yields for the policy check. */
export interface PlannedStack {
  readonly plan: PlanJson;
  readonly stack: StackJson;
}

/** init + plan + `terraform show -json` of one synthesized stack folder, offline. */
export async function planStack(
  stackDir: string,
  terraform: OfflineRunner = createOfflineRunner(),
): Promise<PlannedStack> {
  for (const [step, run] of [
    ["init", () => terraform.init(stackDir)],
    ["plan", () => terraform.plan(stackDir, "offline.tfplan")],
  ] as const) {
    const result = await run();
    if (result.code !== 0)
      throw new Error(`terraform ${step} failed in ${stackDir}:\n${result.stdout}${result.stderr}`);
  }
  const shown = await terraform.show(stackDir, "offline.tfplan");
  if (shown.code !== 0) throw new Error(`terraform show failed in ${stackDir}:\n${shown.stderr}`);
  return {
    plan: JSON.parse(shown.stdout) as PlanJson,
    stack: readStackJson(stackDir),
  };
}
