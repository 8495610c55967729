/**
 * The repository stands alone: no file points at team notes outside it, and every link of the
 * README and docs/ leads to a file (and heading) that exists.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import {
  headingAnchors,
  markdownFiles,
  NOT_PROJECT_FILES,
  readMarkdown,
  relativeLinks,
  ROOT,
} from "../helpers/markdown";

function projectFiles(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (NOT_PROJECT_FILES.has(entry.name)) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? projectFiles(path) : [path];
  });
}

// Built from parts so that this file does not match itself.
const OUTSIDE_REFERENCE = new RegExp(
  [
    ["DESIGN", "md"].join("\\."),
    ["\\.\\.", "shared"].join("/"),
    ["gitana-on-ecs", "facts"].join("-"),
  ].join("|"),
);

test("no file of the project points at notes outside the repository", () => {
  const offending = projectFiles().flatMap((file) => {
    const text = readFileSync(file, "utf8");
    if (text.includes("\0")) return [];
    return text
      .split("\n")
      .flatMap((line, i) =>
        OUTSIDE_REFERENCE.test(line) ? [`${relative(ROOT, file)}:${i + 1}`] : [],
      );
  });
  expect(offending).toEqual([]);
});

test.each(markdownFiles())("every relative link in %s resolves", (file) => {
  const broken = relativeLinks(readMarkdown(file)).filter((link) => {
    const [path, anchor] = link.split("#");
    const target = path ? join(dirname(join(ROOT, file)), decodeURI(path)) : join(ROOT, file);
    if (!existsSync(target)) return true;
    if (anchor === undefined || !target.endsWith(".md") || statSync(target).isDirectory())
      return false;
    return !headingAnchors(readFileSync(target, "utf8")).has(anchor);
  });
  expect(broken).toEqual([]);
});
