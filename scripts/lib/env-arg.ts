import type { EnvConfig } from "../../config/schema";
import { envConfigs, helpText, HelpRequested, parseCommand, usageLine, UsageError } from "./cli";

/**
 * For a script that takes exactly one env and no options (`npm run <command> -- <env>`): its
 * config, or undefined after printing what is wrong, the usage and the known envs. Scripts with
 * options or several envs declare a CommandSpec and use runCommand (./cli) instead.
 */
export function envArgument(
  command: string,
  options: { platformOnly?: boolean } = {},
): EnvConfig | undefined {
  const spec = {
    command,
    summary: `npm run ${command} for one env.`,
    args: "<env>",
    positionals: { min: 1, max: 1 },
  };
  try {
    return envConfigs(parseCommand(spec, process.argv.slice(2)).positionals, options)[0];
  } catch (error) {
    if (error instanceof HelpRequested) {
      console.log(helpText(spec));
      process.exit(0);
    }
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\nUsage: ${usageLine(spec)}`);
    return undefined;
  }
}
