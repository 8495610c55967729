import { Construct } from "constructs";
import { Token } from "cdktf";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { parseCidr } from "../../facts/cidr";
import type { AwsEnv } from "../core/aws-env";
import { movedFromId } from "../core/moved";
import { InterfaceEndpoints } from "./interface-endpoints";
import { FlowLogs } from "./flow-logs";
import {
  defaultSubnetPrefixLengths,
  layoutSubnets,
  SUBNET_TIERS,
  type SubnetPrefixLengths,
  type SubnetTier,
} from "../../facts/subnet-layout";

export type NatStrategy = "single" | "perAz";

/** What the other layers need of a network, whether this project made it or it is yours. */
export interface NetworkOutputs {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly availabilityZones: readonly string[];
  readonly subnetIds: Readonly<Record<SubnetTier, string[]>>;
  /**
   * Private paths to the AWS APIs, when the VPC has them: the interface endpoints' security group
   * and the S3 gateway endpoint's prefix list. Tasks that must not reach the internet are limited
   * to these. @default - none: AWS APIs are reached through the NAT gateways
   */
  readonly awsApiPaths?: AwsApiPaths;
}

export interface AwsApiPaths {
  readonly endpointSecurityGroupId: string;
  readonly s3PrefixListId: string;
}
export { SUBNET_TIERS, type SubnetTier } from "../../facts/subnet-layout";

export interface GitanaNetworkProps {
  readonly aws: AwsEnv;
  /** Prefix of every resource name, e.g. `gitana-prod`. */
  readonly namePrefix: string;
  /**
   * Exactly three AZs of the region. Per-AZ resources are keyed by zone name and laid out in name
   * order, so the order of this list changes nothing.
   */
  readonly availabilityZones: readonly string[];
  readonly vpcCidr: string;
  /** `single` NAT gateway in the first AZ, or one per AZ so an AZ outage keeps egress elsewhere. */
  readonly natStrategy: NatStrategy;
  /** @default private VPC+2, public and data VPC+6 (see facts/subnet-layout.ts) */
  readonly subnetPrefixLengths?: SubnetPrefixLengths;
  /**
   * Interface endpoints (ecr.api, ecr.dkr, logs, secretsmanager, sqs, sns, sts) in the private
   * subnets, so tasks reach those APIs without the NAT gateway.
   * @default false
   */
  readonly interfaceEndpoints?: boolean;
  /** Retention of the flow-log group, one of the CloudWatch Logs periods. */
  readonly flowLogRetentionDays: number;
  /** KMS key that encrypts the flow-log group; it must allow CloudWatch Logs. */
  readonly logsKmsKeyArn: string;
}

/**
 * The VPC over three AZs: public subnets (ALBs, NAT gateways), private subnets (Fargate tasks,
 * egress through NAT) and isolated data subnets (DocumentDB, OpenSearch; no route out).
 * No subnet assigns public IPs, the default security group is emptied, flow logs are on.
 */
export class GitanaNetwork extends Construct implements NetworkOutputs {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly availabilityZones: readonly string[];
  readonly subnetIds: Readonly<Record<SubnetTier, string[]>>;
  readonly subnetCidrs: Readonly<Record<SubnetTier, string[]>>;
  readonly publicRouteTableId: string;
  /** One per AZ, in AZ name order. */
  readonly privateRouteTableIds: string[];
  readonly dataRouteTableId: string;
  readonly natGatewayIds: string[];
  readonly natPublicIps: string[];
  readonly flowLogGroupName: string;
  /** The security group of the interface endpoints, when they exist. */
  readonly endpointSecurityGroupId?: string;
  readonly awsApiPaths?: AwsApiPaths;
  private readonly legacyIndex: (az: string) => number;
  private readonly zoneKey: (az: string) => string;
  private readonly namedZones: boolean;

  constructor(scope: Construct, id: string, props: GitanaNetworkProps) {
    super(scope, id);
    // Name order, not list order: subnet CIDRs and every per-AZ key follow the zone itself, so a
    // reordered list plans no change.
    // Zones known only at plan time (module mode's variables) cannot name a construct: there the
    // per-AZ resources keep their position as key, and no env history needs moving.
    const namedZones = !props.availabilityZones.some((az) => Token.isUnresolved(az));
    const azs = namedZones ? [...props.availabilityZones].sort() : [...props.availabilityZones];
    const key = (az: string) => (namedZones ? az : String(props.availabilityZones.indexOf(az)));
    this.zoneKey = key;
    this.namedZones = namedZones;
    if (azs.length !== 3 || new Set(azs).size !== 3) {
      throw new Error(
        `${this.node.path}: availabilityZones must hold exactly three zones, got ${azs.length}: ${azs.join(", ")}${new Set(azs).size < azs.length ? " (a zone is repeated)" : ""}`,
      );
    }
    // Before per-AZ keys, resources were keyed by their zone's position in the list: moved blocks
    // carry an env deployed then over to the new addresses (see movedFromId).
    const legacyIndex = (az: string) => props.availabilityZones.indexOf(az);
    this.legacyIndex = legacyIndex;
    const vpcCidr = parseCidr(props.vpcCidr);
    if (typeof vpcCidr === "string")
      throw new Error(`${this.node.path}: vpcCidr "${props.vpcCidr}" ${vpcCidr}`);
    const layout = layoutSubnets(
      vpcCidr,
      props.subnetPrefixLengths ?? defaultSubnetPrefixLengths(vpcCidr.prefixLength),
      azs.length,
    );

    const vpc = new Vpc(this, "vpc", {
      cidrBlock: props.vpcCidr,
      enableDnsHostnames: true, // interface endpoints' private DNS and DocumentDB/OpenSearch names need both
      enableDnsSupport: true,
      tags: { Name: props.namePrefix },
    });
    this.vpcId = vpc.id;
    this.vpcCidr = props.vpcCidr;
    this.availabilityZones = azs;
    this.subnetCidrs = layout;

    // Adopting the default security group with no rules empties it (FSBP EC2.2): anything that
    // lands in it by accident can talk to nothing.
    new DefaultSecurityGroup(this, "default-security-group", {
      vpcId: vpc.id,
      tags: { Name: `${props.namePrefix}-default-unused` },
    });

    const subnets = {} as Record<SubnetTier, Subnet[]>;
    for (const tier of SUBNET_TIERS) {
      subnets[tier] = azs.map((az, i) => {
        const subnet = new Subnet(this, `${tier}-subnet-${key(az)}`, {
          vpcId: vpc.id,
          availabilityZone: az,
          cidrBlock: layout[tier][i],
          // Even public subnets: ALBs and NAT gateways get their addresses without it (EC2.15).
          mapPublicIpOnLaunch: false,
          tags: { Name: `${props.namePrefix}-${tier}-${az}`, Tier: tier },
        });
        if (this.namedZones) movedFromId(subnet, `${tier}-subnet-${legacyIndex(az)}`);
        return subnet;
      });
    }
    this.subnetIds = {
      public: subnets.public.map((s) => s.id),
      private: subnets.private.map((s) => s.id),
      data: subnets.data.map((s) => s.id),
    };

    const igw = new InternetGateway(this, "internet-gateway", {
      vpcId: vpc.id,
      tags: { Name: props.namePrefix },
    });
    const publicRoutes = new RouteTable(this, "public-route-table", {
      vpcId: vpc.id,
      tags: { Name: `${props.namePrefix}-public` },
    });
    new Route(this, "public-default-route", {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igw.id,
    });
    this.associate("public", subnets.public, () => publicRoutes);
    this.publicRouteTableId = publicRoutes.id;

    const natAzIndexes = props.natStrategy === "perAz" ? azs.map((_, i) => i) : [0];
    const nats = natAzIndexes.map((i) => {
      const az = azs[i];
      const eip = new Eip(this, `nat-eip-${key(az)}`, {
        domain: "vpc",
        tags: { Name: `${props.namePrefix}-nat-${az}` },
      });
      if (this.namedZones) movedFromId(eip, `nat-eip-${legacyIndex(az)}`);
      const nat = new NatGateway(this, `nat-gateway-${key(az)}`, {
        allocationId: eip.allocationId,
        subnetId: subnets.public[i].id,
        tags: { Name: `${props.namePrefix}-${az}` },
        dependsOn: [igw],
      });
      if (this.namedZones) movedFromId(nat, `nat-gateway-${legacyIndex(az)}`);
      return nat;
    });
    this.natGatewayIds = nats.map((n) => n.id);
    this.natPublicIps = nats.map((n) => n.publicIp);

    // One private route table per AZ whatever the NAT strategy, so switching single <-> perAz
    // only changes routes, never replaces tables or associations.
    const privateRoutes = azs.map((az, i) => {
      const table = new RouteTable(this, `private-route-table-${key(az)}`, {
        vpcId: vpc.id,
        tags: { Name: `${props.namePrefix}-private-${az}` },
      });
      if (this.namedZones) movedFromId(table, `private-route-table-${legacyIndex(az)}`);
      const route = new Route(this, `private-default-route-${key(az)}`, {
        routeTableId: table.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: nats[props.natStrategy === "perAz" ? i : 0].id,
      });
      if (this.namedZones) movedFromId(route, `private-default-route-${legacyIndex(az)}`);
      return table;
    });
    this.associate("private", subnets.private, (i) => privateRoutes[i]);
    this.privateRouteTableIds = privateRoutes.map((t) => t.id);

    // The data tier has only the VPC-local route: databases never reach or are reached from outside.
    const dataRoutes = new RouteTable(this, "data-route-table", {
      vpcId: vpc.id,
      tags: { Name: `${props.namePrefix}-data` },
    });
    this.associate("data", subnets.data, () => dataRoutes);
    this.dataRouteTableId = dataRoutes.id;

    // S3 through a gateway endpoint: free, and config sync and binary traffic skip the NAT.
    const s3Gateway = new VpcEndpoint(this, "s3-gateway-endpoint", {
      vpcId: vpc.id,
      serviceName: `com.amazonaws.${props.aws.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: this.privateRouteTableIds,
      tags: { Name: `${props.namePrefix}-s3` },
    });

    if (props.interfaceEndpoints) {
      const endpoints = new InterfaceEndpoints(this, "interface-endpoints", {
        aws: props.aws,
        namePrefix: props.namePrefix,
        vpcId: vpc.id,
        vpcCidr: props.vpcCidr,
        subnetIds: this.subnetIds.private,
      });
      this.endpointSecurityGroupId = endpoints.securityGroupId;
      this.awsApiPaths = {
        endpointSecurityGroupId: endpoints.securityGroupId,
        s3PrefixListId: s3Gateway.prefixListId,
      };
    }

    const flowLogs = new FlowLogs(this, "flow-logs", {
      aws: props.aws,
      namePrefix: props.namePrefix,
      vpcId: vpc.id,
      retentionDays: props.flowLogRetentionDays,
      kmsKeyArn: props.logsKmsKeyArn,
    });
    this.flowLogGroupName = flowLogs.logGroupName;
  }

  private associate(
    tier: SubnetTier,
    subnets: Subnet[],
    table: (azIndex: number) => RouteTable,
  ): void {
    subnets.forEach((subnet, i) => {
      const az = this.availabilityZones[i];
      const association = new RouteTableAssociation(
        this,
        `${tier}-route-association-${this.zoneKey(az)}`,
        {
          subnetId: subnet.id,
          routeTableId: table(i).id,
        },
      );
      if (this.namedZones)
        movedFromId(association, `${tier}-route-association-${this.legacyIndex(az)}`);
    });
  }
}
