/** The cost estimate of envs, behind `npm run cost` (scripts/cost.ts). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { providerRegion, readStackJson } from "../../synthesized/stack-json";
import { synthAll } from "../harness/synth";
import { assumptionsFor, loadAssumptionsFile } from "./assumptions";
import { estimate, type Estimate } from "./estimate";
import { loadPriceTable, type PriceTable } from "./prices";
import { formatComparison, formatEstimate } from "./report";

/**
 * Prints the estimate of the one env in `envs`, or with `compare` the envs side by side (they
 * must share a region: exit code 2 otherwise).
 */
export function costEnvs(envs: readonly string[], compare: boolean): number {
  // A throwaway folder: the estimate needs the JSON only, never the folder cdktf deploys from.
  const outdir = mkdtempSync(join(tmpdir(), "gitana-cost-"));
  try {
    const stackDirs = synthAll(join(outdir, "cdktf.out"));
    const assumptions = loadAssumptionsFile();
    const results: [string, Estimate, PriceTable][] = envs.map((env) => {
      const stack = readStackJson(stackDirs[env]);
      const region = providerRegion(stack);
      if (region === undefined) throw new Error(`The stack of env "${env}" names no AWS region`);
      const prices = loadPriceTable(region);
      return [env, estimate(stack, prices, assumptionsFor(assumptions, env)), prices];
    });
    const regions = new Set(results.map(([, , p]) => p.region));
    if (compare && regions.size > 1) {
      console.error(`Cannot compare envs in different regions (${[...regions].join(", ")})`);
      return 2;
    }
    const [[env, first, prices]] = results;
    console.log(
      compare
        ? formatComparison(
            results.map(([e, est]) => [e, est]),
            prices,
          )
        : formatEstimate(env, first, prices),
    );
    return 0;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
