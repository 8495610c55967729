/** How edges look, and the invisible edges that keep the tiers in order. */
import { quote } from "./dot-syntax";
import { compare } from "../../synthesized/stack-json";
import { TIERS, type DiagramEdge, type DiagramModel } from "./types";

export const EDGE_COLOR = { network: "#2f4b7c", iam: "#c0561b", messaging: "#7a3e9d" } as const;

interface Drawn {
  readonly edge: DiagramEdge;
  /** Allowed both ways with the same label (cluster peers): one line with two heads. */
  readonly both: boolean;
}

/** The edges as drawn: self-loops are left to the node's label, two-way pairs drawn once. */
function drawn(model: DiagramModel): Drawn[] {
  const key = (e: DiagramEdge) => [e.kind, e.from, e.to].join("\u0000");
  const byKey = new Map(model.edges.map((e) => [key(e), e]));
  return model.edges.flatMap((edge) => {
    if (edge.from === edge.to) return [];
    const reverse = byKey.get(key({ ...edge, from: edge.to, to: edge.from }));
    const both = reverse?.label === edge.label;
    return both && compare(edge.from, edge.to) > 0 ? [] : [{ edge, both }];
  });
}

export function edgeLines(model: DiagramModel): string[] {
  return drawn(model).map(({ edge, both }) => {
    const color = EDGE_COLOR[edge.kind];
    const attrs = [
      `label=${quote(` ${edge.label}`)}`,
      `color="${color}"`,
      `fontcolor="${color}"`,
      ...(edge.kind === "iam" ? ["style=dashed"] : []),
      ...(edge.kind === "messaging" ? ["penwidth=1.5"] : []),
      ...(both ? ["dir=both"] : []),
    ];
    return `${quote(edge.from)} -> ${quote(edge.to)} [${attrs.join(", ")}];`;
  });
}

/**
 * Invisible edges that put every tier below the one before it (public, private, data), so the
 * tier boxes stack like the README's picture instead of sitting side by side where their ranks
 * overlap. They run from the bottom nodes of a tier (no edge to a node of the same tier) to the
 * top nodes of the next (no edge from one): few lines, so the layout of the real ones holds.
 */
export function tierOrderLines(model: DiagramModel): string[] {
  const edges = drawn(model).map((d) => d.edge);
  const inTier = (tier: string) => model.nodes.filter((n) => n.placement === tier).map((n) => n.id);
  const tiers = TIERS.map(inTier).filter((ids) => ids.length > 0);
  const lines: string[] = [];
  for (let i = 0; i + 1 < tiers.length; i++) {
    const [upper, lower] = [tiers[i], tiers[i + 1]];
    const bottom = upper.filter((id) => !edges.some((e) => e.from === id && upper.includes(e.to)));
    const top = lower.filter((id) => !edges.some((e) => e.to === id && lower.includes(e.from)));
    for (const from of bottom) {
      for (const to of top) lines.push(`${quote(from)} -> ${quote(to)} [style=invis];`);
    }
  }
  return lines;
}
