/** Writing DOT: quoting, HTML-like labels, clusters. */

export { FONT } from "./fonts";

/** A DOT identifier or string, quoted. */
export function quote(id: string): string {
  return `"${id.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** Text for an HTML-like label. */
export function html(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/**
 * A cluster subgraph (Graphviz draws a box around it); none at all when it would be empty.
 * `style` holds statements separated by `;`.
 */
export function cluster(
  name: string,
  label: string,
  style: string,
  body: readonly string[],
): string[] {
  if (body.length === 0) return [];
  return [
    `subgraph ${quote(`cluster_${name}`)} {`,
    `  label=<${label}>; ${style}; fontsize=11; labeljust=l;`,
    ...body.map((line) => `  ${line}`),
    "}",
  ];
}
