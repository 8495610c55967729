/**
 * docs/outputs.md must be what `npm run docs` writes from today's stacks. Synthesized as the
 * script does, through the cdktf app, whose validation runs `terraform version`.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { outputsMarkdown, synthesizeOutputStacks } from "../../tools/docs/outputs-reference";

test("docs/outputs.md is the outputs of the synthesized stacks", () => {
  const outdir = mkdtempSync(join(tmpdir(), "gitana-outputs-doc-"));
  try {
    const committed = readFileSync(join(__dirname, "..", "..", "docs", "outputs.md"), "utf8");
    const verdict =
      committed === outputsMarkdown(synthesizeOutputStacks(outdir))
        ? "up to date"
        : "docs/outputs.md is out of date: run `npm run docs`";
    expect(verdict).toBe("up to date");
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
