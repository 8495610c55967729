/**
 * `npm run rehearse -- <env> [<env>...]`: applies envs for real on an AWS emulator (moto, patched
 * in scripts/lib/emulator/) and checks what a plan from an empty state cannot: the S3 backend and
 * its DynamoDB lock, no drift after apply, a held lock, destroy. See docs/rehearsal-and-change-safety.md.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { loadEnvironments } from "../config/environments";
import { startEmulator } from "./lib/emulator/emulator";
import { formatSummary, rehearse } from "./lib/emulator/rehearse-envs";
import { ENVS_DIR, synthAll } from "./lib/synth";

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const configs = loadEnvironments(ENVS_DIR);
  const unknown = wanted.filter((env) => !configs.some((c) => c.env === env));
  if (wanted.length === 0 || unknown.length > 0) {
    console.error(
      `${unknown.length ? `Unknown env "${unknown.join('", "')}"` : "No env given"}. Usage: npm run rehearse -- <env> [<env>...], where <env> is one of: ${configs.map((c) => c.env).join(", ")}`,
    );
    return 2;
  }
  const started = Date.now();
  const outdir = join(__dirname, "..", "cdktf.out", "rehearse");
  rmSync(outdir, { recursive: true, force: true }); // no state of an earlier run survives
  const stackDirs = synthAll(outdir);
  const summary = await rehearse({ wanted, configs, stackDirs, startEmulator });
  console.log(formatSummary(summary, (Date.now() - started) / 1000));
  return summary.envs.some((e) => e.checks.some((c) => c.verdict === "FAIL")) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
