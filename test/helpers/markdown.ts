import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Reading the project's own markdown: its files, fenced code, links and heading anchors. */

export const ROOT = join(__dirname, "..", "..");

/** Top-level folders that hold no file of the project's own (tools, builds, outputs). */
export const NOT_PROJECT_FILES = new Set([
  ".git",
  "node_modules",
  "dist",
  "cdktf.out",
  "coverage",
  ".terraform",
]);

/** README.md and every docs/*.md, relative to the project root. */
export function markdownFiles(): string[] {
  const docs = readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`);
  return ["README.md", ...docs];
}

export function readMarkdown(file: string): string {
  return readFileSync(join(ROOT, file), "utf8");
}

const FENCE = /^(```|~~~)([^\n]*)\n([\s\S]*?)^\1[ \t]*$/gm;

/** Fenced code blocks, with their info string (`sh`, `ts`...). */
export function fencedBlocks(markdown: string): { info: string; code: string }[] {
  return [...markdown.matchAll(FENCE)].map((m) => ({ info: m[2].trim(), code: m[3] }));
}

/** The text outside fenced blocks and inline code, where links are links. */
function prose(markdown: string): string {
  return markdown.replace(FENCE, "").replace(/`[^`\n]*`/g, "");
}

/** Targets of inline links and images that stay inside the repository (no scheme). */
export function relativeLinks(markdown: string): string[] {
  return (
    [...prose(markdown).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
      // A backslash escapes a punctuation character in a link target (CommonMark), e.g. `#input\_name`.
      .map((m) => m[1].replace(/\\([!-/:-@[-`{-~])/g, "$1"))
      .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
  );
}

/** The anchors GitHub gives the headings of a markdown file (duplicates get -1, -2...), and
 * those written as `<a name="...">` (terraform-docs' tables). */
export function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of markdown.replace(FENCE, "").matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = m[1]
      .toLowerCase()
      .replace(/<[^>]+>/g, "")
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  for (const m of prose(markdown).matchAll(/<a name="([^"]+)"><\/a>/g)) anchors.add(m[1]);
  return anchors;
}

/** Shells whose fenced blocks hold commands a reader types. */
const SHELL_BLOCKS = new Set(["sh", "shell", "bash", "console", "zsh", ""]);

/**
 * The `npm run` commands of the fenced shell blocks of a markdown text, as written, in order:
 * `npm ci && npm run preview -- dev   # comment` gives `npm run preview -- dev`.
 */
export function fencedNpmRunCommands(markdown: string): string[] {
  return fencedBlocks(markdown)
    .filter((block) => SHELL_BLOCKS.has(block.info.split(/\s/)[0]))
    .flatMap((block) => block.code.split("\n"))
    .map((line) => line.replace(/^\s*\$\s+/, "").replace(/\s#.*$/, ""))
    .flatMap((line) => line.split(/&&|;|\|\|/))
    .map((part) => part.trim())
    .filter((part) => /^npm run [\w:-]+/.test(part));
}
