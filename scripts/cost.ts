/**
 * `npm run cost -- <env>` or `npm run cost -- --compare dev,staging,prod`: a monthly cost estimate
 * from the synthesized stacks, the price table of their region (assets/pricing/<region>.json) and
 * the usage assumptions (assets/pricing/assumptions.json). The arithmetic lives in cost/.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assumptionsFor, loadAssumptionsFile } from "../cost/assumptions";
import { estimate, type Estimate } from "../cost/estimate";
import { loadPriceTable, type PriceTable } from "../cost/prices";
import { formatComparison, formatEstimate } from "../cost/report";
import { providerRegion, type StackJson } from "../cost/stack";
import { synthAll } from "./lib/synth";

const USAGE = "Usage: npm run cost -- <env>  |  npm run cost -- --compare <env>,<env>,...";

function main(argv: string[]): number {
  const compare = argv[0] === "--compare";
  const envs = compare ? (argv[1] ?? "").split(",").filter((e) => e !== "") : argv.slice(0, 1);
  if (envs.length === 0 || argv.length > (compare ? 2 : 1)) {
    console.error(USAGE);
    return 2;
  }
  // A throwaway folder: the estimate needs the JSON only, never the folder cdktf deploys from.
  const outdir = mkdtempSync(join(tmpdir(), "gitana-cost-"));
  try {
    const stackDirs = synthAll(join(outdir, "cdktf.out"));
    const known = Object.keys(stackDirs).sort();
    const unknown = envs.filter((env) => !(env in stackDirs));
    if (unknown.length > 0) {
      console.error(
        `Unknown env ${unknown.map((e) => `"${e}"`).join(", ")}. Known envs: ${known.join(", ")}\n${USAGE}`,
      );
      return 2;
    }
    const assumptions = loadAssumptionsFile();
    const results: [string, Estimate, PriceTable][] = envs.map((env) => {
      const stack = JSON.parse(
        readFileSync(join(stackDirs[env], "cdk.tf.json"), "utf8"),
      ) as StackJson;
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

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
