import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Gitana's config templates (assets/gitana) and their rendering. A template marks a value as
 * `{{ name }}`; `${...}` in a template is for the container (an env var placeholder in
 * container.properties, a Spring property in XML, a shell variable in setup.sh) and must reach S3
 * unchanged, so it is escaped from Terraform's own interpolation as `$${...}`.
 */

/** assets/gitana, found from the source tree (ts-node) and from the compiled tree (dist/). */
export const TEMPLATES_DIR = [
  join(__dirname, "..", "..", "assets", "gitana"),
  join(__dirname, "..", "..", "..", "assets", "gitana"),
].find((dir) => existsSync(dir)) as string;

const MARKER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** Every template file, by its path under assets/gitana (e.g. `api/classes/container.properties`). */
export function loadTemplates(dir = TEMPLATES_DIR): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (current: string): void => {
    for (const entry of readdirSync(current).sort()) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path).split("\\").join("/"), readFileSync(path, "utf8"));
    }
  };
  walk(dir);
  return files;
}

/** Escapes Terraform's interpolation and directive openers so the text reaches S3 as written. */
export function escapeForTerraform(text: string): string {
  // Replacer functions: in a replacement string, "$$" would itself mean one "$".
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/**
 * Fills `{{ name }}` markers with `values` (which may be Terraform references). Throws, naming
 * the file, on a marker without a value; a value no template uses is the caller's to check.
 */
export function renderTemplate(
  file: string,
  template: string,
  values: Readonly<Record<string, string>>,
): string {
  return escapeForTerraform(template).replace(MARKER, (_marker, name: string) => {
    const value = values[name];
    if (value === undefined)
      throw new Error(
        `assets/gitana/${file}: no value for {{ ${name} }}; known: ${Object.keys(values).sort().join(", ")}`,
      );
    return value;
  });
}

/** The marker names a template uses. */
export function markersOf(template: string): string[] {
  return [...template.matchAll(MARKER)].map((m) => m[1]);
}

/**
 * Applies `overrides` to a properties text: a key that exists gets its line replaced in place,
 * a new key is appended under a header. Values are taken literally (escaped for Terraform).
 */
export function mergeProperties(
  text: string,
  overrides: Readonly<Record<string, string>>,
  header: string,
): string {
  const pending = new Map(Object.entries(overrides));
  const lines = text.split("\n").map((line) => {
    const key = /^([^#!\s][^=:\s]*)\s*[=:]/.exec(line)?.[1];
    if (key === undefined || !pending.has(key)) return line;
    const value = pending.get(key) as string;
    pending.delete(key);
    return `${key}=${escapeForTerraform(value)}`;
  });
  if (pending.size === 0) return lines.join("\n");
  const added = [...pending].map(([key, value]) => `${key}=${escapeForTerraform(value)}`);
  const body = lines.join("\n").replace(/\n*$/, "\n");
  return `${body}\n# --- ${header} ---\n${added.join("\n")}\n`;
}
