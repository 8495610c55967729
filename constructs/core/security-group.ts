import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";

/** Something that owns a security group: a service, a load balancer, a data store. */
export interface SecurityGroupPeer {
  /** Names the rules that mention this owner: `api` in `from-api-8080`. */
  readonly peerName: string;
  readonly securityGroupId: string;
}

/** An owner whose members can be reached: it admits a port from a peer's members. */
export interface Reachable extends SecurityGroupPeer {
  allowFrom(peer: SecurityGroupPeer, port: number): void;
}

/** An owner whose members open connections: it lets them out to a port on a peer's members. */
export interface Caller extends SecurityGroupPeer {
  allowTo(peer: SecurityGroupPeer, port: number): void;
}

/**
 * The one way to let `from` reach `to` on TCP `port`: egress on the caller, ingress on the
 * callee. Every path inside an env is opened through here, so none is half-open.
 */
export function openPath(from: Caller, to: Reachable, port: number): void {
  from.allowTo(to, port);
  to.allowFrom(from, port);
}

export interface ServiceSecurityGroupProps {
  /** Names the rules that admit callers: `documentdb` in the caller's `to-documentdb-27017`. */
  readonly peerName: string;
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
export class ServiceSecurityGroup extends Construct implements Reachable {
  readonly peerName: string;
  readonly securityGroupId: string;
  readonly port: number;

  constructor(scope: Construct, id: string, props: ServiceSecurityGroupProps) {
    super(scope, id);
    this.port = props.port;
    this.peerName = props.peerName;
    const group = new SecurityGroup(this, "group", {
      name: props.name,
      description: props.description,
      vpcId: props.vpcId,
      tags: { Name: props.name },
    });
    this.securityGroupId = group.id;
  }

  /** Admits TCP on the service's port from members of `peer`; any other port is refused. */
  allowFrom(peer: SecurityGroupPeer, port: number): void {
    if (port !== this.port) {
      throw new Error(
        `${this.node.path}: ${peer.peerName} asks for port ${port}; this service listens on ${this.port} only`,
      );
    }
    new VpcSecurityGroupIngressRule(this, `from-${peer.peerName}`, {
      securityGroupId: this.securityGroupId,
      description: `${peer.peerName} to port ${this.port}`,
      ipProtocol: "tcp",
      fromPort: this.port,
      toPort: this.port,
      referencedSecurityGroupId: peer.securityGroupId,
    });
  }
}
