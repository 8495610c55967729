import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import type { GitanaPlatform } from "./index";

/**
 * Stack outputs under fixed names, for `terraform output` and for other estates reading this
 * state with `terraform_remote_state`. The names are an interface: renaming one breaks readers.
 */
export function exportPlatformOutputs(scope: Construct, platform: GitanaPlatform): void {
  const { network } = platform;
  const outputs: Record<string, { value: unknown; description: string }> = {
    vpc_id: { value: network.vpcId, description: "ID of the VPC" },
    vpc_cidr: { value: network.vpcCidr, description: "IPv4 CIDR of the VPC" },
    availability_zones: {
      value: network.availabilityZones,
      description: "The three AZs, in subnet order",
    },
    public_subnet_ids: {
      value: network.subnetIds.public,
      description: "Public subnets (ALBs, NAT gateways), in AZ order",
    },
    private_subnet_ids: {
      value: network.subnetIds.private,
      description: "Private subnets (Fargate tasks), in AZ order",
    },
    data_subnet_ids: {
      value: network.subnetIds.data,
      description: "Isolated data subnets (DocumentDB, OpenSearch), in AZ order",
    },
    public_route_table_id: {
      value: network.publicRouteTableId,
      description: "Route table of the public subnets",
    },
    private_route_table_ids: {
      value: network.privateRouteTableIds,
      description: "Route tables of the private subnets, in AZ order",
    },
    data_route_table_id: {
      value: network.dataRouteTableId,
      description: "Route table of the data subnets (VPC-local only)",
    },
    nat_public_ips: {
      value: network.natPublicIps,
      description: "Egress IPs of the NAT gateways, for allow-lists elsewhere",
    },
    flow_log_group_name: {
      value: network.flowLogGroupName,
      description: "CloudWatch log group of the VPC flow logs",
    },
    logs_kms_key_arn: {
      value: platform.logsKey.keyArn,
      description: "KMS key of the env's CloudWatch log groups",
    },
  };
  for (const [name, output] of Object.entries(outputs)) {
    new TerraformOutput(scope, name, output).overrideLogicalId(name);
  }
}
