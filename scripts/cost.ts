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
import { providerRegion, type StackJson } from "../synthesized/stack-json";
import { commaList, envConfigs, runCommand, UsageError } from "./lib/cli";
import { synthAll } from "./lib/synth";

const spec = {
  command: "cost",
  summary:
    "Monthly cost estimate per component of one env, from its synthesized stack, the price table " +
    "of its region (assets/pricing/<region>.json) and the usage assumptions " +
    "(assets/pricing/assumptions.json); --compare puts several envs of one region side by side.",
  args: "<env>",
  positionals: { min: 0, max: Infinity },
  options: {
    compare: {
      type: "string",
      value: "<env>,<env>,...",
      description: "compare these envs (comma-separated) instead of estimating one",
    },
  },
  examples: ["npm run cost -- prod", "npm run cost -- --compare dev,staging,prod"],
} as const;

runCommand(spec, ({ values, positionals }) => {
  const compare = values.compare !== undefined;
  if (compare && positionals.length > 0)
    throw new UsageError(
      `Give either one env or --compare <env>,<env>,...; to compare, add ${positionals[0]} to the list`,
    );
  if (positionals.length > 1)
    throw new UsageError(
      `One env at a time; to compare envs side by side: --compare ${positionals.join(",")}`,
    );
  const envs = envConfigs(compare ? commaList(values.compare) : positionals).map((c) => c.env);
  // A throwaway folder: the estimate needs the JSON only, never the folder cdktf deploys from.
  const outdir = mkdtempSync(join(tmpdir(), "gitana-cost-"));
  try {
    const stackDirs = synthAll(join(outdir, "cdktf.out"));
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
});
