import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { OfflineRunner, TerraformResult } from "../terraform";
import {
  stateFromPlan,
  type PlanJson,
  type ProviderSchemas,
  type StandInContext,
  type TerraformState,
} from "./state-from-plan";

/** Where Terraform's local backend (the offline override's) keeps the state of a stack folder. */
export const STATE_FILE = "terraform.tfstate";

/** Plans that may be needed to settle the state before giving up. */
const MAX_SETTLING_PLANS = 5;

/** A state as an apply of the stack would leave it, and what it took to build. */
export interface DeployedState {
  readonly state: TerraformState;
  /** Plans of the unchanged stack against the state until one planned no change (the last). */
  readonly settlingPlans: number;
  readonly resources: number;
}

/** The addresses a plan would change: everything but no-ops and data reads. */
export function changedAddresses(plan: PlanJson): string[] {
  return (plan.resource_changes ?? [])
    .filter((rc) => !["no-op", "read"].includes(rc.change.actions.join()))
    .map((rc) => `${rc.address} (${rc.change.actions.join(", ")})`);
}

/**
 * "Deploys" an initialized stack folder without AWS: plans it from an empty state, turns that
 * plan into the state an apply would leave (stateFromPlan), then plans the unchanged stack
 * against it (`-refresh=false`: nothing asks AWS) until a plan shows no change. That plan is the
 * proof the state is what the stack deploys: it is left in the folder's terraform.tfstate.
 */
export async function buildDeployedState(
  stackDir: string,
  terraform: OfflineRunner,
  context: StandInContext,
): Promise<DeployedState> {
  rmSync(join(stackDir, STATE_FILE), { force: true });
  const stack = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
  const schemas = JSON.parse(
    succeeded(await terraform.run(stackDir, ["providers", "schema", "-json"]), "providers schema")
      .stdout,
  ) as ProviderSchemas;
  let plan = await planJson(terraform, stackDir, "from-empty.tfplan", []);
  let state: TerraformState | undefined;
  for (let settling = 1; settling <= MAX_SETTLING_PLANS; settling++) {
    state = stateFromPlan(plan, stack, schemas, context, state);
    writeFileSync(join(stackDir, STATE_FILE), JSON.stringify(state));
    plan = await planJson(terraform, stackDir, "settle.tfplan", ["-refresh=false"]);
    if (changedAddresses(plan).length === 0) {
      const resources = state.resources.reduce((n, r) => n + r.instances.length, 0);
      return { state, settlingPlans: settling, resources };
    }
  }
  throw new Error(
    `the state built from the plan of ${stackDir} did not settle in ${MAX_SETTLING_PLANS} plans; ` +
      `the last still changes:\n  ${changedAddresses(plan).join("\n  ")}`,
  );
}

/** `terraform plan -out` + `show -json`; throws with terraform's output when either fails. */
export async function planJson(
  terraform: OfflineRunner,
  stackDir: string,
  planFile: string,
  extraArgs: readonly string[],
): Promise<PlanJson> {
  succeeded(await terraform.plan(stackDir, planFile, extraArgs), "plan");
  return JSON.parse(succeeded(await terraform.show(stackDir, planFile), "show").stdout) as PlanJson;
}

function succeeded(result: TerraformResult, step: string): TerraformResult {
  if (result.code !== 0)
    throw new Error(`terraform ${step} failed:\n${result.stdout}${result.stderr}`);
  return result;
}
