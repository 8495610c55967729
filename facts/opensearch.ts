/** OpenSearch Service domain names are 3 to 28 characters (CreateDomain, DomainName). */
export const OPENSEARCH_DOMAIN_NAME_MAX_LENGTH = 28;

/** The search domain of the env whose resource names start with `namePrefix`. */
export function openSearchDomainName(namePrefix: string): string {
  return `${namePrefix}-search`;
}

/**
 * Whether `nodeCount` data nodes fit `zoneCount` zones: one node in one zone, or the same number in
 * every zone (zone awareness places replicas in other zones, which needs an even spread).
 */
export function spreadsOverZones(nodeCount: number, zoneCount: number): boolean {
  return nodeCount === 1 || nodeCount % zoneCount === 0;
}
