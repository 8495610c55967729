import { rmSync } from "node:fs";
import { join } from "node:path";
import { loadEnvironments } from "../../../config/environments";
import { ENVS_DIR, OUT_DIR } from "../../paths";
import { synthAll } from "../synth";
import { startEmulator } from "./emulator";
import { stopAll, stopChildrenOnSignal } from "./processes";
import { formatSummary, rehearse } from "./rehearse-envs";

/**
 * `npm run rehearse`: synthesizes every env afresh into cdktf.out/rehearse (no state of an earlier
 * run survives), rehearses `wanted` on the emulator, prints the summary; 1 on any failed check.
 */
export async function runRehearsal(wanted: string[]): Promise<number> {
  const started = Date.now();
  const outdir = join(OUT_DIR, "rehearse");
  rmSync(outdir, { recursive: true, force: true });
  const stackDirs = synthAll(outdir);
  const configs = loadEnvironments(ENVS_DIR);
  stopChildrenOnSignal(); // Ctrl-C or a CI timeout leaves no emulator or terraform behind
  const summary = await rehearse({ wanted, configs, stackDirs, startEmulator }).finally(stopAll);
  console.log(formatSummary(summary, (Date.now() - started) / 1000));
  return summary.envs.some((e) => e.checks.some((c) => c.verdict === "FAIL")) ? 1 : 0;
}
