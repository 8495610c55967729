import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { AwsEnv } from "../core/aws-env";

/** The AWS APIs Gitana's tasks call at start and at run time. */
export const INTERFACE_ENDPOINT_SERVICES = [
  "ecr.api",
  "ecr.dkr",
  "logs",
  "secretsmanager",
  "sqs",
  "sns",
  "sts",
] as const;

export interface InterfaceEndpointsProps {
  readonly aws: AwsEnv;
  /** Prefix of the names, e.g. `gitana-prod`. */
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** One subnet per AZ; each endpoint gets an ENI in each. */
  readonly subnetIds: string[];
}

/**
 * Interface endpoints with private DNS, so the SDKs in the tasks resolve the usual service names
 * to addresses inside the VPC. Their security group admits HTTPS from the VPC only.
 */
export class InterfaceEndpoints extends Construct {
  readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: InterfaceEndpointsProps) {
    super(scope, id);
    const securityGroup = new SecurityGroup(this, "security-group", {
      name: `${props.namePrefix}-vpc-endpoints`,
      description: "HTTPS from inside the VPC to the AWS API interface endpoints",
      vpcId: props.vpcId,
      tags: { Name: `${props.namePrefix}-vpc-endpoints` },
    });
    new VpcSecurityGroupIngressRule(this, "https-from-vpc", {
      securityGroupId: securityGroup.id,
      description: "HTTPS from the VPC",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.vpcCidr,
    });
    this.securityGroupId = securityGroup.id;

    for (const service of INTERFACE_ENDPOINT_SERVICES) {
      new VpcEndpoint(this, service.replace(".", "-"), {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.aws.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: props.subnetIds,
        securityGroupIds: [securityGroup.id],
        tags: { Name: `${props.namePrefix}-${service}` },
      });
    }
  }
}
