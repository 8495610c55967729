/**
 * `npm run rehearse -- <env> [<env>...]`: applies envs for real on an AWS emulator (moto, patched
 * in scripts/lib/emulator/) and checks what a plan from an empty state cannot: the S3 backend and
 * its DynamoDB lock, no drift after apply, a held lock, destroy. See docs/rehearsal-and-change-safety.md.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { loadEnvironments } from "../config/environments";
import { envConfigs, runCommand } from "../tools/cli";
import { startEmulator } from "./lib/emulator/emulator";
import { stopAll, stopChildrenOnSignal } from "./lib/emulator/processes";
import { formatSummary, rehearse } from "./lib/emulator/rehearse-envs";
import { ENVS_DIR } from "../tools/paths";
import { synthAll } from "../tools/harness/synth";

const spec = {
  command: "rehearse",
  summary:
    "Applies the envs (and bootstrap first) on the AWS emulator with their real S3 backend and " +
    "DynamoDB lock, then checks no drift, a held lock and destroy; exit code 1 on any failed check.",
  args: "<env> [<env>...]",
  positionals: { min: 1, max: Infinity },
  examples: ["npm run rehearse -- bootstrap dev"],
} as const;

runCommand(spec, async ({ positionals }) => {
  const wanted = envConfigs(positionals).map((c) => c.env);
  const started = Date.now();
  const outdir = join(__dirname, "..", "cdktf.out", "rehearse");
  rmSync(outdir, { recursive: true, force: true }); // no state of an earlier run survives
  const stackDirs = synthAll(outdir);
  const configs = loadEnvironments(ENVS_DIR);
  stopChildrenOnSignal(); // Ctrl-C or a CI timeout leaves no emulator or terraform behind
  const summary = await rehearse({ wanted, configs, stackDirs, startEmulator }).finally(stopAll);
  console.log(formatSummary(summary, (Date.now() - started) / 1000));
  return summary.envs.some((e) => e.checks.some((c) => c.verdict === "FAIL")) ? 1 : 0;
});
