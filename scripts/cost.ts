/**
 * `npm run cost -- <env>` or `npm run cost -- --compare dev,staging,prod`: a monthly cost estimate
 * from the synthesized stacks, the price table of their region (assets/pricing/<region>.json) and
 * the usage assumptions (assets/pricing/assumptions.json). The arithmetic lives in tools/cost/.
 */
import { commaList, envConfigs, runCommand, UsageError } from "../tools/cli";
import { costEnvs } from "../tools/cost/cost-envs";

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
  return costEnvs(envs, compare);
});
