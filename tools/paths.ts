/**
 * The project's folders, for every tool and script. The root is the folder of package.json,
 * found once by walking up from this file, so a path is the same whether the code runs from the
 * source tree (ts-node, jest) or compiled into dist/ (where a `__dirname`-relative guess would
 * land in dist/dist). Only the envs, which are code, are taken from the tree that runs.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json in ${from} or above it`);
  }
}

export const ROOT = projectRoot(__dirname);

/** A path inside the project: `fromRoot("docs", "outputs.md")`. */
export function fromRoot(...parts: string[]): string {
  return join(ROOT, ...parts);
}

/** The tree the code runs from: the root under ts-node and jest, dist/ once compiled. */
export const CODE_ROOT = dirname(__dirname); // this file is tools/paths.ts in either tree

/** One folder per env (envs/<env>/index.ts or .js), which the config loader requires. */
export const ENVS_DIR = join(CODE_ROOT, "envs");
/** The documentation, where the generated references and diagrams are written. */
export const DOCS_DIR = fromRoot("docs");
/** Price tables, fonts and the Gitana config templates. */
export const ASSETS_DIR = fromRoot("assets");
/** cdktf's output folder; each tool synthesizes into a folder of its own under it. */
export const OUT_DIR = fromRoot("cdktf.out");
/** The compiled code (`npm run build`) and build products such as the Terraform module. */
export const DIST_DIR = fromRoot("dist");
