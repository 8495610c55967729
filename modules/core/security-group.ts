import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";

export interface ServiceSecurityGroupProps {
  readonly name: string;
  readonly description: string;
  readonly vpcId: string;
  /** The one TCP port peers are let in on. */
  readonly port: number;
}

/**
 * The security group of a service that only answers (a database, a search domain): no egress
 * rule at all (Terraform removes AWS's default allow-all), and ingress added peer by peer.
 */
export class ServiceSecurityGroup extends Construct {
  readonly securityGroupId: string;
  private readonly port: number;

  constructor(scope: Construct, id: string, props: ServiceSecurityGroupProps) {
    super(scope, id);
    this.port = props.port;
    const group = new SecurityGroup(this, "group", {
      name: props.name,
      description: props.description,
      vpcId: props.vpcId,
      tags: { Name: props.name },
    });
    this.securityGroupId = group.id;
  }

  /** Admits TCP on the service's port from members of `peerSecurityGroupId`; `peer` names the rule. */
  allowFrom(peer: string, peerSecurityGroupId: string): void {
    new VpcSecurityGroupIngressRule(this, `from-${peer}`, {
      securityGroupId: this.securityGroupId,
      description: `${peer} to port ${this.port}`,
      ipProtocol: "tcp",
      fromPort: this.port,
      toPort: this.port,
      referencedSecurityGroupId: peerSecurityGroupId,
    });
  }
}
