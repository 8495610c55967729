/**
 * `npm run diagram -- <env>...`: draws each env's architecture from its synthesized stack (not
 * from a hand-drawn file, so it can't drift) into docs/architecture-<env>.svg. test/diagram fails
 * when a committed picture no longer matches the stack.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { diagramSvg } from "../diagram/render";
import { envConfigs, runCommand } from "./lib/cli";
import { synthAll } from "./lib/synth";

const DOCS_DIR = join(__dirname, "..", "docs");

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
  const stackDirs = synthAll(join(__dirname, "..", "cdktf.out", "diagram"));
  mkdirSync(DOCS_DIR, { recursive: true });
  for (const env of envs) {
    const file = join(DOCS_DIR, `architecture-${env}.svg`);
    writeFileSync(file, diagramSvg(env, stackDirs[env]));
    console.log(relative(process.cwd(), file));
  }
});
