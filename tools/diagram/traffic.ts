/**
 * Network edges from security group ingress rules: a rule that references another group admits
 * whatever uses that group; a CIDR rule on a load balancer's group admits the internet (or the
 * VPC, for an internal one). Rules on groups no drawn node uses (interface endpoints) are left out.
 */
import { built, type Built } from "./built";
import type { Network } from "./network";
import { referencedAddress, type Resources } from "../../synthesized/resources";
import { literal } from "../../synthesized/stack-json";
import type { DiagramEdge } from "./types";

export function trafficEdges(
  stack: Resources,
  network: Network,
  nodes: readonly Built[],
): { sources: Built[]; edges: DiagramEdge[] } {
  const owners = new Map<string, Built[]>();
  for (const b of nodes) {
    for (const group of b.securityGroups) owners.set(group, [...(owners.get(group) ?? []), b]);
  }
  const sources = new Map<string, Built>();
  const edges: DiagramEdge[] = [];
  for (const { attrs } of stack.ofType("aws_vpc_security_group_ingress_rule")) {
    const targets = owners.get(referencedAddress(attrs.security_group_id) ?? "") ?? [];
    const label = ports(attrs);
    const peer = referencedAddress(attrs.referenced_security_group_id);
    if (peer) {
      for (const from of owners.get(peer) ?? []) {
        for (const to of targets)
          edges.push({ from: from.node.id, to: to.node.id, kind: "network", label });
      }
      continue;
    }
    const cidr = literal(attrs.cidr_ipv4) ?? literal(attrs.cidr_ipv6);
    if (!cidr) continue;
    for (const to of targets.filter((t) => t.node.kind === "alb")) {
      const source = sourceNode(cidr, network);
      sources.set(source.node.id, source);
      edges.push({ from: source.node.id, to: to.node.id, kind: "network", label });
    }
  }
  return { sources: [...sources.values()], edges };
}

function ports(attrs: Record<string, unknown>): string {
  if (attrs.ip_protocol === "-1") return "all";
  const { from_port: from, to_port: to } = attrs;
  return from === to || to === undefined ? `${from}` : `${from}-${to}`;
}

// Anything open to all addresses is "the internet"; the VPC's own range means callers inside it.
function sourceNode(cidr: string, network: Network): Built {
  if (cidr === "0.0.0.0/0" || cidr === "::/0") {
    return built(
      { id: "internet", kind: "source", title: "Internet", details: [], placement: "internet" },
      [],
    );
  }
  const inVpc = cidr === network.vpc?.cidr;
  return built(
    {
      id: `cidr:${cidr}`,
      kind: "source",
      title: inVpc ? "Clients in the VPC" : "Clients",
      details: [cidr],
      placement: inVpc ? "vpc" : "internet",
    },
    [],
  );
}
