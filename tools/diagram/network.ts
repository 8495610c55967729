/**
 * The VPC, its subnets by tier and AZ, and where a resource sits given the subnets it uses.
 * Also the network nodes that have no traffic of their own to show: NAT gateways and endpoints.
 */
import { built, type Built } from "./built";
import { referencedAddress, references, type Resources } from "../../synthesized/resources";
import { compare, literal } from "../../synthesized/stack-json";
import { TIERS, type Placement, type Subnet, type Tier } from "./types";

export interface Network {
  readonly vpc?: { readonly name: string; readonly cidr: string };
  readonly subnets: readonly Subnet[];
  /** The tier of the subnets `subnetIds` references; "vpc" when they span tiers or are unknown. */
  placementOf(subnetIds: unknown): Placement;
  /** The AZ of a referenced subnet. */
  azOf(subnetId: unknown): string | undefined;
}

export function readNetwork(stack: Resources): Network {
  const [vpcResource] = stack.ofType("aws_vpc");
  const bySubnet = new Map<string, Subnet>();
  for (const { address, attrs } of stack.ofType("aws_subnet")) {
    const tier = tierOf(address, attrs.tags);
    const az = literal(attrs.availability_zone) ?? literal(attrs.availability_zone_id) ?? "?";
    const cidr = literal(attrs.cidr_block) ?? "?";
    if (tier) bySubnet.set(address, { tier, az, cidr });
  }
  const subnets = [...bySubnet.values()].sort(
    (a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier) || compare(a.az, b.az),
  );
  return {
    vpc: vpcResource && {
      name: tagName(vpcResource.attrs.tags) ?? vpcResource.address,
      cidr: literal(vpcResource.attrs.cidr_block) ?? "?",
    },
    subnets,
    placementOf(subnetIds) {
      const tiers = new Set(references(subnetIds).map((ref) => bySubnet.get(ref.address)?.tier));
      const [only] = tiers;
      return tiers.size === 1 && only ? only : "vpc";
    },
    azOf: (subnetId) => bySubnet.get(referencedAddress(subnetId) ?? "")?.az,
  };
}

// The network module tags each subnet with its tier; the logical name is the fallback for stacks
// that don't (it names the tier too: `...public-subnet-0...`).
function tierOf(address: string, tags: unknown): Tier | undefined {
  const tagged = (tags as Record<string, unknown> | undefined)?.Tier;
  if (TIERS.includes(tagged as Tier)) return tagged as Tier;
  return TIERS.find((tier) => address.includes(`${tier}-subnet`));
}

function tagName(tags: unknown): string | undefined {
  return literal((tags as Record<string, unknown> | undefined)?.Name);
}

/** One node for all NAT gateways: how many and in which AZs is what differs between envs. */
export function natNode(stack: Resources, network: Network): Built | undefined {
  const gateways = stack.ofType("aws_nat_gateway");
  if (gateways.length === 0) return undefined;
  const azs = gateways.map((g) => network.azOf(g.attrs.subnet_id) ?? "?").sort();
  const title = gateways.length === 1 ? "NAT gateway" : `NAT gateways ×${gateways.length}`;
  return built(
    {
      id: "nat",
      kind: "nat",
      title,
      details: [azs.join(", ")],
      placement: network.placementOf(gateways.map((g) => g.attrs.subnet_id)),
    },
    gateways.map((g) => g.address),
  );
}

/** One node for all VPC endpoints, gateway and interface, with the AWS services they reach. */
export function endpointsNode(stack: Resources, network: Network): Built | undefined {
  const endpoints = stack.ofType("aws_vpc_endpoint");
  if (endpoints.length === 0) return undefined;
  const byType = new Map<string, string[]>();
  for (const { attrs } of endpoints) {
    const type = (literal(attrs.vpc_endpoint_type) ?? "Gateway").toLowerCase();
    // com.amazonaws.<region>.ecr.api → ecr.api
    const service = (literal(attrs.service_name) ?? "?").split(".").slice(3).join(".");
    byType.set(type, [...(byType.get(type) ?? []), service]);
  }
  const details = [...byType.entries()]
    .sort(([a], [b]) => compare(a, b))
    .flatMap(([type, services]) => chunks(services.sort(), 4).map((c) => `${type}: ${c}`));
  const interfaceSubnets = endpoints.map((e) => e.attrs.subnet_ids).filter(Boolean);
  return built(
    {
      id: "endpoints",
      kind: "endpoints",
      title: "VPC endpoints",
      details,
      placement: interfaceSubnets.length ? network.placementOf(interfaceSubnets) : "vpc",
    },
    endpoints.map((e) => e.address),
  );
}

/** `items` joined `size` to a line, so a long list wraps instead of widening its column. */
export function chunks(items: readonly string[], size: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += size) lines.push(items.slice(i, i + size).join(", "));
  return lines;
}
