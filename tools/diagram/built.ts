import type { DiagramNode } from "./types";

/** A node together with what connects it to the rest of the stack. */
export interface Built {
  readonly node: DiagramNode;
  /** Terraform addresses the node stands for (a grouped node stands for several). */
  readonly addresses: readonly string[];
  /** Addresses of the security groups its network interfaces use. */
  readonly securityGroups: readonly string[];
  /**
   * How IAM policies name it when they spell out the ARN instead of referencing the resource
   * (the OpenSearch policy does: its domain ARN is known before the domain exists).
   */
  readonly arn?: { readonly service: string; readonly name: string };
}

export function built(
  node: DiagramNode,
  addresses: readonly string[],
  extra: Partial<Omit<Built, "node" | "addresses">> = {},
): Built {
  return { node, addresses, securityGroups: extra.securityGroups ?? [], arn: extra.arn };
}

/**
 * The names without the prefix they all share up to a `/` or `-` (`gitana-prod/license` and
 * `gitana-prod/root-properties` → `license`, `root-properties`), so grouped labels stay short.
 */
export function shortNames(names: readonly string[]): { prefix: string; rest: string[] } {
  if (names.length < 2) return { prefix: "", rest: [...names] };
  let prefix = names[0];
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = Math.max(prefix.lastIndexOf("/"), prefix.lastIndexOf("-")) + 1;
  return { prefix: prefix.slice(0, cut), rest: names.map((name) => name.slice(cut)) };
}
