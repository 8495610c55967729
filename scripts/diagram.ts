/**
 * `npm run diagram -- <env>`: draws the env's architecture from its synthesized stack (not from a
 * hand-drawn file, so it can't drift) into docs/architecture-<env>.svg. test/diagram fails when a
 * committed picture no longer matches the stack.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { diagramSvg } from "../diagram/render";
import { envArgument } from "./lib/env-arg";
import { synthAll } from "./lib/synth";

const DOCS_DIR = join(__dirname, "..", "docs");

function main(): number {
  // The bootstrap env holds only the state backend: nothing to draw.
  const env = envArgument("diagram", { platformOnly: true })?.env;
  if (!env) return 2;
  const stackDirs = synthAll(join(__dirname, "..", "cdktf.out", "diagram"));
  mkdirSync(DOCS_DIR, { recursive: true });
  const file = join(DOCS_DIR, `architecture-${env}.svg`);
  writeFileSync(file, diagramSvg(env, stackDirs[env]));
  console.log(relative(process.cwd(), file));
  return 0;
}

process.exit(main());
