/**
 * `npm run rehearse -- <env> [<env>...]`: applies envs for real on an AWS emulator (moto, patched
 * in tools/harness/emulator/) and checks what a plan from an empty state cannot: the S3 backend and
 * its DynamoDB lock, no drift after apply, a held lock, destroy. See docs/rehearsal-and-change-safety.md.
 */
import { envConfigs, runCommand } from "../tools/cli";
import { runRehearsal } from "../tools/harness/emulator/run-rehearsal";

const spec = {
  command: "rehearse",
  summary:
    "Applies the envs (and bootstrap first) on the AWS emulator with their real S3 backend and " +
    "DynamoDB lock, then checks no drift, a held lock and destroy; exit code 1 on any failed check.",
  args: "<env> [<env>...]",
  positionals: { min: 1, max: Infinity },
  examples: ["npm run rehearse -- bootstrap dev"],
} as const;

runCommand(spec, ({ positionals }) => runRehearsal(envConfigs(positionals).map((c) => c.env)));
