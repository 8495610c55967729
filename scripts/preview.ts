/**
 * `npm run preview -- <env>...`: what would be built, with no AWS account. Synthesizes the stacks
 * into cdktf.out/preview (never into the folder `cdktf deploy` uses, so the offline override can
 * never leak into a real deploy), runs terraform init and plan offline, writes each full plan to
 * cdktf.out/preview/<env>-plan.txt and ends with a short summary per env (counts by layer and
 * action, the Plan line, where the full plan is); `--full` prints the whole plan before it.
 */
import { envConfigs, runCommand } from "../tools/cli";
import { previewEnvs } from "../tools/harness/preview";

const spec = {
  command: "preview",
  summary:
    "Offline terraform plan of each env given (no AWS account, no credentials). The full plan goes " +
    "to cdktf.out/preview/<env>-plan.txt; the output ends with a summary by layer and the Plan line.",
  args: "<env>...",
  positionals: { min: 1, max: Infinity },
  options: {
    full: { type: "boolean", description: "also print each full plan, before its summary" },
  },
  examples: ["npm run preview -- dev", "npm run preview -- dev staging --full"],
} as const;

runCommand(spec, ({ values, positionals }) =>
  previewEnvs(
    envConfigs(positionals).map((config) => config.env),
    values.full === true,
  ),
);
