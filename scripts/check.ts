/**
 * `npm run check -- <env>`: the project's security baseline (README, "Security") as a policy check over the env's
 * offline plan (`terraform show -json`), the way cdk-nag or checkov check other stacks. Prints a
 * table of control, resource, status and why; exits 1 on any failure. Suppressions come only from
 * the env's config, each with its reason, and are printed too.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluate, formatReport, planView } from "../policy";
import { planStack, type PlannedStack } from "./lib/plan-env";
import { envArgument } from "./lib/env-arg";
import { synthAll } from "./lib/synth";

async function main(): Promise<number> {
  const config = envArgument("check", { usage: "[--plan-json <file> --stack-json <file>]" });
  if (!config) return 2;
  const { env } = config;
  const options = process.argv.slice(3);
  const { plan, stack } =
    fromFiles(options) ??
    (await planStack(synthAll(join(__dirname, "..", "cdktf.out", "check"))[env]));
  const results = evaluate(planView(plan as never, stack as never), config.suppressions);
  console.log(formatReport(env, results));
  return results.some((r) => r.status === "FAIL") ? 1 : 0;
}

/**
 * `--plan-json <terraform show -json output> --stack-json <cdk.tf.json>`: check a plan made
 * elsewhere (a CI job that already planned) instead of synthesizing and planning here.
 */
function fromFiles(options: string[]): PlannedStack | undefined {
  const value = (flag: string) => {
    const i = options.indexOf(flag);
    return i >= 0 ? options[i + 1] : undefined;
  };
  const planFile = value("--plan-json");
  const stackFile = value("--stack-json");
  if (!planFile && !stackFile) return undefined;
  if (!planFile || !stackFile) throw new Error("--plan-json and --stack-json go together");
  return {
    plan: JSON.parse(readFileSync(planFile, "utf8")),
    stack: JSON.parse(readFileSync(stackFile, "utf8")),
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
