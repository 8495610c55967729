/**
 * `npm run docs`: writes the generated references, each checked for staleness by `npm test`:
 * docs/configuration.md (the env schema), docs/outputs.md (the stacks' outputs) and
 * docs/runtime-contract.md (what Gitana needs at run time).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runtimeContractMarkdown } from "../modules/ecs/runtime-contract-doc";
import { configurationMarkdown } from "./lib/config-reference";
import { outputsMarkdown, synthesizeOutputStacks } from "./lib/outputs-reference";

const DOCS = join(__dirname, "..", "docs");

const outdir = mkdtempSync(join(tmpdir(), "gitana-docs-"));
try {
  const documents: Record<string, () => string> = {
    "configuration.md": configurationMarkdown,
    "outputs.md": () => outputsMarkdown(synthesizeOutputStacks(outdir)),
    "runtime-contract.md": runtimeContractMarkdown,
  };
  for (const [file, render] of Object.entries(documents)) {
    writeFileSync(join(DOCS, file), render());
    console.log(`docs/${file}`);
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
