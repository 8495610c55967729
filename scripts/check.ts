/**
 * `npm run check -- <env>`: the project's security baseline (docs/policy-check.md) as a policy check over the env's
 * offline plan (`terraform show -json`), the way cdk-nag or checkov check other stacks. Prints a
 * table of control, resource, status and why; exits 1 on any failure. Suppressions come only from
 * the env's config, each with its reason, and are printed too.
 */
import { envConfigs, runCommand } from "../tools/cli";
import { checkEnv } from "../tools/policy/check-env";

const spec = {
  command: "check",
  summary:
    "The security baseline over the env's offline plan: a table of control, resource, status and " +
    "why; exit code 1 on any failure. With --plan-json and --stack-json, checks a plan made " +
    "elsewhere (e.g. by CI) instead of planning here.",
  args: "<env>",
  positionals: { min: 1, max: 1 },
  options: {
    "plan-json": {
      type: "string",
      value: "<file>",
      description: "`terraform show -json` of a plan of the env's stack",
    },
    "stack-json": {
      type: "string",
      value: "<file>",
      description: "the cdk.tf.json that plan was made from (goes with --plan-json)",
    },
  },
  examples: [
    "npm run check -- prod",
    "npm run check -- dev --plan-json cdktf.out/stacks/dev/plan.json --stack-json cdktf.out/stacks/dev/cdk.tf.json",
  ],
} as const;

runCommand(spec, ({ values, positionals }) =>
  checkEnv(envConfigs(positionals)[0], {
    planJson: values["plan-json"],
    stackJson: values["stack-json"],
  }),
);
