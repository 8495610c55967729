import { allocateBlocks, blockSize, formatCidr, type Ipv4Cidr } from "./cidr";

/** The three subnet tiers, one subnet of each per availability zone. */
export const SUBNET_TIERS = ["public", "private", "data"] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

export type SubnetPrefixLengths = Record<SubnetTier, number>;

/** Subnet CIDRs per tier, index i belonging to availability zone i. */
export type SubnetLayout = Record<SubnetTier, string[]>;

/** AWS accepts subnets from /16 to /28. */
export const MIN_SUBNET_PREFIX = 16;
export const MAX_SUBNET_PREFIX = 28;

/**
 * Default sizes relative to the VPC: the private tier, where every Fargate task takes an ENI,
 * gets a quarter of the VPC per AZ; public (ALBs, NAT) and data (DocumentDB, OpenSearch)
 * get 1/64 each. A /16 VPC thus has private /18s and public/data /22s, and 12.5 % left free.
 */
export function defaultSubnetPrefixLengths(vpcPrefixLength: number): SubnetPrefixLengths {
  return {
    private: vpcPrefixLength + 2,
    public: vpcPrefixLength + 6,
    data: vpcPrefixLength + 6,
  };
}

/**
 * Derives every subnet CIDR from the VPC CIDR: blocks are allocated largest tier first, AZ by
 * AZ, so the layout is a pure function of (VPC CIDR, sizes, AZ count) and never typed by hand.
 */
export function layoutSubnets(
  vpc: Ipv4Cidr,
  prefixLengths: SubnetPrefixLengths,
  azCount: number,
): SubnetLayout {
  const order = [...SUBNET_TIERS].sort((a, b) => prefixLengths[a] - prefixLengths[b]);
  const requests = order.flatMap((tier) => Array<number>(azCount).fill(prefixLengths[tier]));
  const blocks = allocateBlocks(vpc, requests).map(formatCidr);
  const layout = { public: [], private: [], data: [] } as SubnetLayout;
  order.forEach((tier, t) => {
    layout[tier] = blocks.slice(t * azCount, (t + 1) * azCount);
  });
  return layout;
}

/** Addresses the layout needs, for the "does not fit" message. */
export function addressesNeeded(prefixLengths: SubnetPrefixLengths, azCount: number): number {
  return SUBNET_TIERS.reduce((sum, tier) => sum + azCount * blockSize(prefixLengths[tier]), 0);
}
