import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runtimeContractMarkdown } from "../../constructs/ecs/runtime-contract-doc";
import { DOCS_DIR } from "../paths";
import { configurationMarkdown } from "./config-reference";
import { outputsMarkdown, synthesizeOutputStacks } from "./outputs-reference";

/**
 * Writes the generated references (each checked for staleness by `npm test`) and returns their
 * names under docs/.
 */
export function writeReferences(): string[] {
  const outdir = mkdtempSync(join(tmpdir(), "gitana-docs-"));
  try {
    const documents: Record<string, () => string> = {
      "configuration.md": configurationMarkdown,
      "outputs.md": () => outputsMarkdown(synthesizeOutputStacks(outdir)),
      "runtime-contract.md": runtimeContractMarkdown,
    };
    return Object.entries(documents).map(([file, render]) => {
      writeFileSync(join(DOCS_DIR, file), render());
      return file;
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
