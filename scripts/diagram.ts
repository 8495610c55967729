/**
 * `npm run diagram -- <env>`: draws the env's architecture from its synthesized stack (not from a
 * hand-drawn file, so it can't drift) into docs/architecture-<env>.svg. test/diagram fails when a
 * committed picture no longer matches the stack.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { diagramSvg } from "../diagram/render";
import { synthAll } from "./lib/synth";

const DOCS_DIR = join(__dirname, "..", "docs");

function main(): number {
  const env = process.argv[2];
  const stackDirs = synthAll(join(__dirname, "..", "cdktf.out", "diagram"));
  // bootstrap holds only the state backend: nothing to draw.
  const drawable = Object.keys(stackDirs)
    .filter((name) => name !== "bootstrap")
    .sort();
  if (!env || !drawable.includes(env)) {
    console.error(
      `${env ? `Unknown env "${env}"` : "No env given"}. Usage: npm run diagram -- <env>, where <env> is one of: ${drawable.join(", ")}`,
    );
    return 2;
  }
  mkdirSync(DOCS_DIR, { recursive: true });
  const file = join(DOCS_DIR, `architecture-${env}.svg`);
  writeFileSync(file, diagramSvg(env, stackDirs[env]));
  console.log(relative(process.cwd(), file));
  return 0;
}

process.exit(main());
