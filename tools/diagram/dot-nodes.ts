/** How nodes look: a bold title over smaller detail lines, filled by kind of resource. */
import { html, quote } from "./dot-syntax";
import { compare } from "../../synthesized/stack-json";
import { TIERS, type DiagramModel, type DiagramNode, type NodeKind, type Subnet } from "./types";

// Fills loosely follow the AWS icon colours: compute orange, networking purple, databases blue,
// application integration pink, storage green, security red.
const NODE_STYLE: Record<NodeKind, string> = {
  source: 'shape=ellipse, style=filled, fillcolor="#eeeeee"',
  alb: 'fillcolor="#e4d7f5"',
  service: 'fillcolor="#fde2c4"',
  docdb: 'shape=cylinder, style=filled, fillcolor="#d3e2f4"',
  opensearch: 'shape=cylinder, style=filled, fillcolor="#d3e2f4"',
  cache: 'shape=cylinder, style=filled, fillcolor="#d3e2f4"',
  topic: 'fillcolor="#f7d3e1"',
  queue: 'fillcolor="#f7d3e1"',
  bucket: 'shape=folder, style=filled, fillcolor="#d5ebcd"',
  secrets: 'fillcolor="#f6d0cd"',
  kms: 'fillcolor="#f6d0cd"',
  nat: 'fillcolor="#eeeeee"',
  endpoints: 'fillcolor="#eeeeee"',
};

export function nodeLine(node: DiagramNode, model: DiagramModel): string {
  // A security group that admits its own members: the service's tasks talk to each other. A
  // line in the node says that better than a loop around it.
  const peers = model.edges.find(
    (e) => e.kind === "network" && e.from === node.id && e.to === node.id,
  );
  const details = [...node.details, ...(peers ? [`between its tasks: ${peers.label}`] : [])];
  const label = [
    `<b>${html(node.title)}</b>`,
    ...details.map((d) => `<font point-size="9">${html(d)}</font>`),
  ].join("<br/>");
  return `${quote(node.id)} [label=<${label}>, ${NODE_STYLE[node.kind]}];`;
}

/** The nine subnets as one table, a column per AZ and a row per tier, instead of nine boxes. */
export function subnetTableLine(subnets: readonly Subnet[]): string {
  const azs = [...new Set(subnets.map((s) => s.az))].sort(compare);
  const cell = (text: string, bold = false) =>
    `<td>${bold ? `<b>${html(text)}</b>` : html(text)}</td>`;
  const rows = [
    `<tr>${cell("subnets", true)}${azs.map((az) => cell(az, true)).join("")}</tr>`,
    ...TIERS.filter((tier) => subnets.some((s) => s.tier === tier)).map((tier) => {
      const cidrs = azs.map((az) =>
        subnets
          .filter((s) => s.tier === tier && s.az === az)
          .map((s) => s.cidr)
          .join(", "),
      );
      return `<tr>${cell(tier, true)}${cidrs.map((c) => cell(c)).join("")}</tr>`;
    }),
  ];
  const table = `<table border="0" cellborder="1" cellspacing="0" cellpadding="3" bgcolor="white">${rows.join("")}</table>`;
  // style="" undoes the default rounded style, which a plain shape can't draw (NaN coordinates).
  return `"subnets" [shape=plain, style="", label=<<font point-size="9">${table}</font>>];`;
}
