/**
 * `npm run check -- <env>`: the security baseline of DESIGN.md as a policy check over the env's
 * offline plan (`terraform show -json`), the way cdk-nag or checkov check other stacks. Prints a
 * table of control, resource, status and why; exits 1 on any failure. Suppressions come only from
 * the env's config, each with its reason, and are printed too.
 */
import { join } from "node:path";
import { loadEnvironments } from "../config/environments";
import { evaluate, formatReport, planView } from "../policy";
import { planStack } from "./lib/plan-env";
import { ENVS_DIR, synthAll } from "./lib/synth";

async function main(): Promise<number> {
  const env = process.argv[2];
  const configs = loadEnvironments(ENVS_DIR);
  const config = configs.find((c) => c.env === env);
  if (!config) {
    console.error(
      `${env ? `Unknown env "${env}"` : "No env given"}. Usage: npm run check -- <env>, where <env> is one of: ${configs.map((c) => c.env).join(", ")}`,
    );
    return 2;
  }
  const stackDirs = synthAll(join(__dirname, "..", "cdktf.out", "check"));
  const { plan, stack } = await planStack(stackDirs[env]);
  const results = evaluate(planView(plan as never, stack as never), config.suppressions);
  console.log(formatReport(env, results));
  return results.some((r) => r.status === "FAIL") ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
