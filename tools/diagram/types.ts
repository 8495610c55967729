/**
 * What the diagram shows, independent of how it is drawn: nodes placed in the network, and the
 * traffic (security groups) and data access (IAM) between them.
 */

/** Subnet tiers of the VPC; a node in a tier runs in that tier's subnets. */
export const TIERS = ["public", "private", "data"] as const;
export type Tier = (typeof TIERS)[number];

/**
 * Where a node is drawn: in a subnet tier, elsewhere in the VPC, among the regional AWS services
 * outside the VPC, or out on the internet.
 */
export type Placement = Tier | "vpc" | "region" | "internet";

export type NodeKind =
  | "source"
  | "alb"
  | "service"
  | "docdb"
  | "opensearch"
  | "cache"
  | "topic"
  | "queue"
  | "bucket"
  | "secrets"
  | "kms"
  | "nat"
  | "endpoints";

export interface DiagramNode {
  /** Stable and human-readable, e.g. `service:api`, `alb:gitana-prod-api`, `s3:<bucket>`. */
  readonly id: string;
  readonly kind: NodeKind;
  readonly title: string;
  /** Further lines of the label, most important first. */
  readonly details: readonly string[];
  readonly placement: Placement;
  /** Services of the ECS cluster are drawn together inside their tier. */
  readonly inEcsCluster?: boolean;
}

/**
 * `network`: a security group admits `from` on the ports in `label`. `iam`: the task role (or,
 * for secrets, the execution role) of `from` may access `to`. `messaging`: delivery from a topic
 * to a queue, or a queue's redrive to its dead-letter queue.
 */
export type EdgeKind = "network" | "iam" | "messaging";

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** Ports (`80, 443`) for network edges, the access (`read-write`, `publish`) for IAM edges. */
  readonly label: string;
}

export interface Subnet {
  readonly tier: Tier;
  readonly az: string;
  readonly cidr: string;
}

export interface DiagramModel {
  readonly env: string;
  readonly region?: string;
  readonly vpc?: { readonly name: string; readonly cidr: string };
  readonly ecsCluster?: { readonly name: string; readonly namespace?: string };
  /** Sorted by tier (public, private, data), then AZ. */
  readonly subnets: readonly Subnet[];
  /** Sorted by id. */
  readonly nodes: readonly DiagramNode[];
  /** Merged (one edge per from, to and kind) and sorted. */
  readonly edges: readonly DiagramEdge[];
}
