import { loadEnvironments } from "../../config/environments";
import type { EnvConfig } from "../../config/schema";
import { ENVS_DIR } from "./synth";

/**
 * The config of the env a command was given (`npm run <command> -- <env>`), checked against the
 * env folders before anything is synthesized; undefined after printing which envs there are.
 * `platformOnly` leaves out the bootstrap env, which has no Gitana to preview, draw or configure.
 */
export function envArgument(
  command: string,
  options: { platformOnly?: boolean; usage?: string } = {},
): EnvConfig | undefined {
  const env = process.argv[2];
  const candidates = loadEnvironments(ENVS_DIR).filter(
    (config) => !options.platformOnly || config.kind === "platform",
  );
  const chosen = candidates.find((config) => config.env === env);
  if (chosen) return chosen;
  const known = candidates.map((config) => config.env).sort();
  console.error(
    `${env ? `Unknown env "${env}"` : "No env given"}. Usage: npm run ${command} -- <env>${options.usage ? ` ${options.usage}` : ""}, where <env> is one of: ${known.join(", ")}`,
  );
  return undefined;
}
