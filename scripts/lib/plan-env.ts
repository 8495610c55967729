import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createOfflineRunner, type OfflineRunner } from "./terraform";

/** What an offline plan of one synthesized stack yields for the policy check. */
export interface PlannedStack {
  readonly plan: unknown;
  readonly stack: unknown;
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
    plan: JSON.parse(shown.stdout),
    stack: JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")),
  };
}
