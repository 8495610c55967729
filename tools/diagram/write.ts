import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { synthAll } from "../harness/synth";
import { DOCS_DIR, OUT_DIR } from "../paths";
import { diagramSvg } from "./render";

/** Draws each env's architecture into docs/architecture-<env>.svg; returns the files written. */
export function writeDiagrams(envs: readonly string[]): string[] {
  const stackDirs = synthAll(join(OUT_DIR, "diagram"));
  mkdirSync(DOCS_DIR, { recursive: true });
  return envs.map((env) => {
    const file = join(DOCS_DIR, `architecture-${env}.svg`);
    writeFileSync(file, diagramSvg(env, stackDirs[env]));
    return file;
  });
}
