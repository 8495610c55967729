import type { Construct } from "constructs";
import { ServiceSecurityGroup } from "./security-group";

/** What DocumentDB's and ElastiCache's subnet groups both take. */
interface SubnetGroupConfig {
  name: string;
  description: string;
  subnetIds: string[];
}

export interface DataStoreNetworkProps {
  /** How callers name this store when a path is opened to it (`documentdb`, `session-store`). */
  readonly peerName: string;
  /** The store's identifier: the security group's and the subnet group's name. */
  readonly name: string;
  /** The security group's description: who may reach the store on which port. */
  readonly description: string;
  readonly vpcId: string;
  readonly port: number;
  /** The data subnets the store lives in. */
  readonly subnetIds: string[];
}

/**
 * Where a data store sits in the VPC: its own security group (no egress, ingress only as paths
 * are opened) and its own subnet group over the data subnets, so it never lands in the default
 * VPC's subnets (DocumentDB and ElastiCache.7).
 */
export function dataStoreNetwork<SubnetGroup>(
  scope: Construct,
  props: DataStoreNetworkProps,
  subnetGroupClass: new (scope: Construct, id: string, config: SubnetGroupConfig) => SubnetGroup,
): { securityGroup: ServiceSecurityGroup; subnetGroup: SubnetGroup } {
  const securityGroup = new ServiceSecurityGroup(scope, "security-group", {
    peerName: props.peerName,
    name: props.name,
    description: props.description,
    vpcId: props.vpcId,
    port: props.port,
  });
  const subnetGroup = new subnetGroupClass(scope, "subnet-group", {
    name: props.name,
    description: `Data subnets of ${props.name}`,
    subnetIds: props.subnetIds,
  });
  return { securityGroup, subnetGroup };
}
