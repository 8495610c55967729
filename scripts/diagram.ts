/**
 * `npm run diagram -- <env>...`: draws each env's architecture from its synthesized stack (not
 * from a hand-drawn file, so it can't drift) into docs/architecture-<env>.svg. test/diagram fails
 * when a committed picture no longer matches the stack.
 */
import { relative } from "node:path";
import { envConfigs, runCommand } from "../tools/cli";
import { writeDiagrams } from "../tools/diagram/write";

const spec = {
  command: "diagram",
  summary:
    "Draws the architecture of each env given from its synthesized stack into " +
    "docs/architecture-<env>.svg (the bootstrap env holds only the state backend: nothing to draw).",
  args: "<env>...",
  positionals: { min: 1, max: Infinity },
  examples: ["npm run diagram -- dev prod"],
} as const;

runCommand(spec, ({ positionals }) => {
  const envs = envConfigs(positionals, { platformOnly: true }).map((config) => config.env);
  for (const file of writeDiagrams(envs)) console.log(relative(process.cwd(), file));
});
