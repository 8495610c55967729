/**
 * `npm run change-scenarios [-- <env>]`: builds the env's deployed state from its own plan
 * (offline, no AWS), then makes each change of SCENARIOS to its config, plans it against that
 * state and checks what the config loader, Terraform and the Gitana.ChangeSafety control say.
 * Prints one block per scenario; exit code 1 when any scenario does not give what it must.
 */
import { mkdtempSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { protectsData } from "../config/deployed-networks";
import { envConfigs, runCommand, UsageError } from "../tools/cli";
import {
  envInput,
  envsFolderWith,
  runScenario,
  SCENARIOS,
  unmet,
  type ScenarioResult,
} from "../tools/harness/change-scenarios/change-scenarios";
import { buildDeployedState } from "../tools/harness/change-scenarios/deployed-state";
import { synthAll } from "../tools/harness/synth";
import { createOfflineRunner } from "../tools/harness/terraform";

const spec = {
  command: "change-scenarios",
  summary:
    "Plans five changes (zones reordered, VPC CIDR, DocumentDB instance class, name prefix, a " +
    "key moved to bring-your-own) against a deployed state of the env built from its own plan, " +
    "offline, and checks the config loader's, Terraform's and the Gitana.ChangeSafety control's " +
    "verdicts; exit code 1 when one is not what it must be.",
  args: "[<env>]",
  positionals: { min: 0, max: 1 },
  examples: ["npm run change-scenarios", "npm run change-scenarios -- staging"],
} as const;

runCommand(spec, async ({ positionals }) => {
  const [config] = envConfigs(positionals.length ? positionals : ["prod"]);
  if (config.kind !== "platform" || !protectsData(config)) {
    throw new UsageError(
      `env "${config.env}" does not protect its data: every change is allowed there, so there is nothing to refuse`,
    );
  }
  const started = Date.now();
  const terraform = createOfflineRunner();
  const root = mkdtempSync(join(tmpdir(), "gitana-deployed-"));
  const stackDir = synthAll(
    join(root, "cdktf.out"),
    envsFolderWith(config.env, envInput(config.env), root),
  )[config.env];
  const init = await terraform.init(stackDir);
  if (init.code !== 0) throw new Error(`terraform init failed in ${stackDir}:\n${init.stderr}`);
  const deployed = await buildDeployedState(stackDir, terraform, config);
  console.log(
    `${config.env}: deployed state of ${deployed.resources} resources built from its plan; ` +
      `the unchanged config plans no change against it (${deployed.settlingPlans} settling plans, ` +
      `${seconds(started)} s)\n`,
  );
  const queue = [...SCENARIOS];
  const results = new Map<string, ScenarioResult | Error>();
  await Promise.all(
    Array.from({ length: Math.min(availableParallelism(), queue.length) }, async () => {
      for (let s = queue.shift(); s; s = queue.shift()) {
        const result = await runScenario(config.env, s, deployed.state, terraform).catch(
          (error: Error) => error,
        );
        results.set(s.name, result);
      }
    }),
  );
  let failed = 0;
  for (const scenario of SCENARIOS) {
    const result = results.get(scenario.name) ?? new Error("did not run");
    if (result instanceof Error) {
      failed++;
      console.log(`UNEXPECTED  ${scenario.name}\n    ! ${result.message}\n`);
      continue;
    }
    const problems = unmet(scenario, result);
    failed += problems.length ? 1 : 0;
    console.log(report(result, problems));
  }
  console.log(
    `${SCENARIOS.length - failed} of ${SCENARIOS.length} scenarios as expected, in ${seconds(started)} s`,
  );
  return failed ? 1 : 0;
});

function report(result: ScenarioResult, problems: readonly string[]): string {
  const byAction = new Map<string, number>();
  for (const c of result.changes) {
    const key = `${c.actions} ${c.type}`;
    byAction.set(key, (byAction.get(key) ?? 0) + 1);
  }
  const planned = [...byAction].map(([key, n]) => `${n} × ${key}`).join(", ") || "no change";
  return [
    `${problems.length ? "UNEXPECTED" : "ok"}  ${result.scenario}  (${result.seconds} s)`,
    `    config loader: ${result.loader === "accepted" ? "accepts" : `refuses: ${firstProblem(result.loader)}`}`,
    ...(result.preventDestroy.length
      ? [`    terraform plan: refused by prevent_destroy on ${result.preventDestroy.join(", ")}`]
      : []),
    `    planned${result.preventDestroy.length || result.loader !== "accepted" ? " (forced)" : ""}: ${planned}`,
    `    Gitana.ChangeSafety: ${result.verdict}`,
    ...result.findings
      .filter((f) => f.includes(" FAIL "))
      .slice(0, 6)
      .map((f) => `      ${f}`),
    ...problems.map((p) => `    ! ${p}`),
    "",
  ].join("\n");
}

function firstProblem(message: string): string {
  return message.split("\n").find((line) => line.trim().startsWith("- ")) ?? message;
}

function seconds(since: number): number {
  return Math.round((Date.now() - since) / 1000);
}
