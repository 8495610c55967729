/**
 * Diagram model → Graphviz DOT. Layout choices, each for readability: top to bottom like the
 * README's picture (internet, then the public, private and data tiers, each a box inside the VPC),
 * the AWS services outside the VPC in a box of their own beside it, the nine subnets as one
 * table, security-group traffic as solid lines and IAM access as dashed ones.
 */
import { edgeLines, EDGE_COLOR, tierOrderLines } from "./dot-edges";
import { nodeLine, subnetTableLine } from "./dot-nodes";
import { cluster, FONT, html, quote } from "./dot-syntax";
import { TIERS, type DiagramModel, type Placement, type Tier } from "./types";

const TIER_STYLE: Record<Tier, { label: string; fill: string }> = {
  public: { label: "public subnets", fill: "#eaf5e6" },
  private: { label: "private subnets", fill: "#e6eef9" },
  data: { label: "data subnets (no route out)", fill: "#f1ebf8" },
};

export function toDot(model: DiagramModel): string {
  const body = [
    `graph [rankdir=TB, newrank=true, nodesep=0.35, ranksep=0.55, fontname=${quote(FONT)}, fontsize=12, labelloc=t, label=<${title(model)}>];`,
    `node [shape=box, style="rounded,filled", fontname=${quote(FONT)}, fontsize=11, margin="0.12,0.06"];`,
    `edge [fontname=${quote(FONT)}, fontsize=9, arrowsize=0.7];`,
    ...nodesAt(model, "internet"),
    ...vpcCluster(model),
    ...cluster(
      "region",
      bold(`AWS services in ${model.region ?? "the region"} (outside the VPC)`),
      'style="rounded,dashed"; color="#777777"',
      nodesAt(model, "region"),
    ),
    ...edgeLines(model),
    ...tierOrderLines(model),
  ];
  return [`digraph ${quote(`gitana-${model.env}`)} {`, ...body.map((l) => `  ${l}`), "}", ""].join(
    "\n",
  );
}

function title(model: DiagramModel): string {
  const legend = [
    `<font color="${EDGE_COLOR.network}">━━ traffic a security group allows (port)</font>`,
    `<font color="${EDGE_COLOR.iam}">╍╍ access an IAM role grants</font>`,
    `<font color="${EDGE_COLOR.messaging}">━━ message delivery</font>`,
  ].join("      ");
  return `${bold(`Gitana on AWS: ${model.env}`)}<br/><font point-size="10">${legend}</font><br/> `;
}

function vpcCluster(model: DiagramModel): string[] {
  const inside = [
    ...(model.subnets.length ? [subnetTableLine(model.subnets)] : []),
    ...nodesAt(model, "vpc"),
    ...TIERS.flatMap((tier) => tierCluster(model, tier)),
  ];
  const label = model.vpc ? `VPC ${model.vpc.name} · ${model.vpc.cidr}` : "VPC (not managed here)";
  return cluster("vpc", bold(label), 'style=rounded; color="#3c7d3c"; penwidth=1.5', inside);
}

function tierCluster(model: DiagramModel, tier: Tier): string[] {
  const nodes = model.nodes.filter((n) => n.placement === tier);
  const ecs = nodes.filter((n) => n.inEcsCluster).map((n) => nodeLine(n, model));
  const { label, fill } = TIER_STYLE[tier];
  return cluster(
    tier,
    bold(label),
    `style="rounded,filled"; color="#bbbbbb"; fillcolor="${fill}"`,
    [
      ...nodes.filter((n) => !n.inEcsCluster).map((n) => nodeLine(n, model)),
      ...cluster("ecs_" + tier, ecsLabel(model), 'style="rounded,dashed"; color="#d9822b"', ecs),
    ],
  );
}

function ecsLabel(model: DiagramModel): string {
  if (!model.ecsCluster) return bold("ECS services");
  const { name, namespace } = model.ecsCluster;
  const sc = namespace
    ? `<br/><font point-size="9">Service Connect namespace ${html(namespace)}</font>`
    : "";
  return `${bold(`ECS cluster ${name}`)}${sc}`;
}

function nodesAt(model: DiagramModel, placement: Placement): string[] {
  return model.nodes.filter((n) => n.placement === placement).map((n) => nodeLine(n, model));
}

function bold(text: string): string {
  return `<b>${html(text)}</b>`;
}
