/** The policy check of one env, behind `npm run check` (scripts/check.ts). */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { EnvConfig } from "../../config/schema";
import type { PlanJson } from "../../synthesized/plan-json";
import type { StackJson } from "../../synthesized/stack-json";
import { UsageError } from "../cli";
import { planStack, type PlannedStack } from "../harness/plan-env";
import { synthAll } from "../harness/synth";
import { OUT_DIR } from "../paths";
import { evaluate, formatReport, planView } from ".";

/**
 * Prints the env's report and returns 1 when a control fails. Checks the plan in `files` (made
 * elsewhere, e.g. by CI) when given, else plans the env offline here.
 */
export async function checkEnv(
  config: EnvConfig,
  files: { readonly planJson?: string; readonly stackJson?: string } = {},
): Promise<number> {
  const { plan, stack } =
    fromFiles(files.planJson, files.stackJson) ??
    (await planStack(synthAll(join(OUT_DIR, "check"))[config.env]));
  const results = evaluate(planView(plan, stack), config.suppressions);
  console.log(formatReport(config.env, results));
  return results.some((r) => r.status === "FAIL") ? 1 : 0;
}

/** A plan made elsewhere; relative paths are from where `npm run` was typed (npm's INIT_CWD). */
function fromFiles(planFile?: string, stackFile?: string): PlannedStack | undefined {
  if (!planFile && !stackFile) return undefined;
  if (!planFile || !stackFile) throw new UsageError("--plan-json and --stack-json go together");
  const read = <T>(flag: string, file: string): T => {
    try {
      return JSON.parse(readFileSync(resolve(process.env.INIT_CWD ?? ".", file), "utf8")) as T;
    } catch (error) {
      throw new UsageError(`${flag} ${file}: ${(error as Error).message}`);
    }
  };
  return {
    plan: read<PlanJson>("--plan-json", planFile),
    stack: read<StackJson>("--stack-json", stackFile),
  };
}
