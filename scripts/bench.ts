/**
 * `npm run bench`: measured speed, never asserted by a test. Runs from compiled JS (dist/) so the
 * figures are the app's, not the TypeScript compiler's. Medians and spread over several runs after
 * a warm-up, because these machines are noisy; prints a table and writes the figures to
 * cdktf.out/bench/results.json (untracked), or with --save to the committed bench/results.json.
 */
import { commaList, runCommand, UsageError } from "../tools/cli";
import { runBench } from "../tools/bench/bench";

const spec = {
  command: "bench",
  summary:
    "Measures synth, start-up, scale, offline plan and npm test times (medians after a warm-up) " +
    "and checks them against the budgets. Writes cdktf.out/bench/results.json, which git does " +
    "not track; --save writes the committed bench/results.json instead.",
  options: {
    runs: { type: "string", value: "<n>", description: "measured runs of each synth (default 7)" },
    "plan-runs": { type: "string", value: "<n>", description: "plans per env (default 3)" },
    "test-runs": {
      type: "string",
      value: "<n>",
      description: "runs of npm test (default 1; 0 skips it)",
    },
    scale: {
      type: "string",
      value: "<n>,<n>,...",
      description: "numbers of generated envs to synth (default 1,10,50)",
    },
    save: { type: "boolean", description: "write the results to bench/results.json (committed)" },
  },
} as const;

/** A whole number option, at least `min`. */
function count(flag: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${flag} ${value}: must be a whole number of at least ${min}`);
  return n;
}

runCommand(spec, async ({ values }) => {
  const scale = (values.scale === undefined ? ["1", "10", "50"] : commaList(values.scale)).map(
    (n) => count("scale", n, 1, 1),
  );
  if (scale.length === 0) throw new UsageError("--scale: give at least one number of envs");
  await runBench({
    runs: count("runs", values.runs, 7, 1),
    planRuns: count("plan-runs", values["plan-runs"], 3, 1),
    testRuns: count("test-runs", values["test-runs"], 1),
    scale,
    save: values.save === true,
  });
});
