/**
 * Synthesized stack → diagram model. Everything comes from the stack JSON, so the picture can't
 * drift from what is deployed; the order of nodes and edges is sorted so the output is
 * byte-for-byte reproducible.
 */
import { accessEdges } from "./access";
import type { Built } from "./built";
import { albNodes, serviceNodes } from "./compute";
import {
  bucketNodes,
  cacheNodes,
  documentDbNodes,
  kmsNode,
  openSearchNodes,
  secretsNode,
} from "./data";
import { messaging } from "./messaging";
import { endpointsNode, natNode, readNetwork } from "./network";
import { Resources } from "../../synthesized/resources";
import { compare, literal, providerRegion, type StackJson } from "../../synthesized/stack-json";
import { trafficEdges } from "./traffic";
import type { DiagramEdge, DiagramModel } from "./types";

export type { StackJson } from "../../synthesized/stack-json";
export * from "./types";

export function buildModel(env: string, json: StackJson): DiagramModel {
  const stack = Resources.of(json);
  const network = readNetwork(stack);
  const services = serviceNodes(stack, network);
  const messages = messaging(stack);
  const built: Built[] = [
    ...albNodes(stack, network),
    ...services.nodes,
    ...documentDbNodes(stack, network),
    ...openSearchNodes(stack, network),
    ...cacheNodes(stack, network),
    ...messages.nodes,
    ...bucketNodes(stack),
    ...[
      secretsNode(stack),
      kmsNode(stack),
      natNode(stack, network),
      endpointsNode(stack, network),
    ].filter((b): b is Built => !!b),
  ];
  const traffic = trafficEdges(stack, network, built);
  const [cluster] = stack.ofType("aws_ecs_cluster");
  const [namespace] = stack.ofType("aws_service_discovery_http_namespace");
  return {
    env,
    region: providerRegion(json),
    vpc: network.vpc,
    ecsCluster: cluster && {
      name: literal(cluster.attrs.name) ?? cluster.address,
      namespace: namespace && literal(namespace.attrs.name),
    },
    subnets: network.subnets,
    nodes: [...built, ...traffic.sources].map((b) => b.node).sort((a, b) => compare(a.id, b.id)),
    edges: mergeEdges([
      ...traffic.edges,
      ...accessEdges(stack, services.roles, built),
      ...messages.edges,
    ]),
  };
}

/**
 * One edge per (from, to, kind), its labels combined: ports in numeric order (`80, 443`),
 * accesses deduplicated. Keeps parallel rules (HTTP and HTTPS, two policies on one bucket) from
 * turning into parallel lines.
 */
export function mergeEdges(edges: readonly DiagramEdge[]): DiagramEdge[] {
  const merged = new Map<string, { edge: DiagramEdge; labels: Set<string> }>();
  for (const edge of edges) {
    const key = [edge.from, edge.to, edge.kind].join("\u0000");
    const entry = merged.get(key) ?? { edge, labels: new Set<string>() };
    for (const label of edge.label.split(", ")) entry.labels.add(label);
    merged.set(key, entry);
  }
  return [...merged.values()]
    .map(({ edge, labels }) => ({ ...edge, label: [...labels].sort(compareLabels).join(", ") }))
    .sort((a, b) => compare(a.kind, b.kind) || compare(a.from, b.from) || compare(a.to, b.to));
}

// Numbers (ports) numerically, words alphabetically; independent of the machine's locale.
function compareLabels(a: string, b: string): number {
  const [x, y] = [parseInt(a, 10), parseInt(b, 10)];
  if (!Number.isNaN(x) && !Number.isNaN(y) && x !== y) return x - y;
  return compare(a, b);
}
