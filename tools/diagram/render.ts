/**
 * DOT → SVG with Graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz): no system Graphviz
 * needed, and the same layout engine version everywhere, so the committed SVGs can be compared
 * byte for byte.
 */
import { execFileSync } from "node:child_process";
import { ROOT } from "../paths";
import { toDot } from "./dot";
import { withEmbeddedFont } from "./fonts";
import { readStackJson } from "../../synthesized/stack-json";
import { buildModel } from "./model";

// The package is ES-module only. ts-node could load it, but jest (before Node 24.9) can't require
// an ES module, so rendering runs in a plain Node child: the CLI and the tests take the same path.
const RENDER = `
import { Graphviz } from "@hpcc-js/wasm-graphviz";
let dot = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) dot += chunk;
try {
  const graphviz = await Graphviz.load();
  process.stdout.write(graphviz.layout(dot, process.argv[1], "dot"));
} catch (error) {
  process.stderr.write(String(error?.message ?? error));
  process.exitCode = 1;
}
`;

/** Lays out `dot`; `format` is any Graphviz output format the WASM build has ("svg", "json"). */
export function layout(dot: string, format = "svg"): string {
  try {
    return execFileSync(process.execPath, ["--input-type=module", "-e", RENDER, format], {
      input: dot,
      cwd: ROOT, // where node_modules resolves from
      encoding: "utf8",
      stdio: "pipe",
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr;
    throw new Error(`Graphviz failed: ${stderr || (error as Error).message}`, { cause: error });
  }
}

/** The architecture diagram of the env synthesized into `stackDir`, as SVG. */
export function diagramSvg(env: string, stackDir: string): string {
  return withEmbeddedFont(layout(toDot(buildModel(env, readStackJson(stackDir)))));
}
