/**
 * `npm run check -- <env>`: the project's security baseline (docs/policy-check.md) as a policy check over the env's
 * offline plan (`terraform show -json`), the way cdk-nag or checkov check other stacks. Prints a
 * table of control, resource, status and why; exits 1 on any failure. Suppressions come only from
 * the env's config, each with its reason, and are printed too.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { PlanJson } from "../synthesized/plan-json";
import type { StackJson } from "../synthesized/stack-json";
import { evaluate, formatReport, planView } from "../policy";
import { planStack, type PlannedStack } from "./lib/plan-env";
import { envConfigs, runCommand, UsageError } from "./lib/cli";
import { synthAll } from "./lib/synth";

const spec = {
  command: "check",
  summary:
    "The security baseline over the env's offline plan: a table of control, resource, status and " +
    "why; exit code 1 on any failure. With --plan-json and --stack-json, checks a plan made " +
    "elsewhere (e.g. by CI) instead of planning here.",
  args: "<env>",
  positionals: { min: 1, max: 1 },
  options: {
    "plan-json": {
      type: "string",
      value: "<file>",
      description: "`terraform show -json` of a plan of the env's stack",
    },
    "stack-json": {
      type: "string",
      value: "<file>",
      description: "the cdk.tf.json that plan was made from (goes with --plan-json)",
    },
  },
  examples: [
    "npm run check -- prod",
    "npm run check -- dev --plan-json cdktf.out/stacks/dev/plan.json --stack-json cdktf.out/stacks/dev/cdk.tf.json",
  ],
} as const;

runCommand(spec, async ({ values, positionals }) => {
  const [config] = envConfigs(positionals);
  const { plan, stack } =
    fromFiles(values["plan-json"], values["stack-json"]) ??
    (await planStack(synthAll(join(__dirname, "..", "cdktf.out", "check"))[config.env]));
  const results = evaluate(planView(plan, stack), config.suppressions);
  console.log(formatReport(config.env, results));
  return results.some((r) => r.status === "FAIL") ? 1 : 0;
});

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
