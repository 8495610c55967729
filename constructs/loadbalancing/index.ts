import { Construct } from "constructs";
import { Token, type ITerraformDependable } from "cdktf";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { Caller, SecurityGroupPeer } from "../core/security-group";

/** ELB's name limit, for load balancers and target groups alike. */
export const MAX_LOAD_BALANCER_NAME_LENGTH = 32;
/** TLS 1.3 with TLS 1.2 fallback, forward-secret ciphers only. */
export const LOAD_BALANCER_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

export interface GitanaLoadBalancerProps {
  /** `<prefix>-<env>-<service>`, at most 32 characters; names the ALB, its target group and security group. */
  readonly name: string;
  readonly vpcId: string;
  /** Public subnets for an internet-facing ALB, private ones for an internal ALB. */
  readonly subnetIds: string[];
  readonly internetFacing: boolean;
  /** Who may reach the listeners. */
  readonly allowedCidrs: string[];
  /** The container port the targets listen on. */
  readonly targetPort: number;
  readonly healthCheckPath: string;
  /** With a certificate: HTTPS on 443 and a redirect from 80. Without: plain HTTP on 80. @default - none */
  readonly certificateArn?: string;
  /** Where access logs go; the bucket policy that admits ELB log delivery must exist first. */
  readonly accessLogs: {
    readonly bucketName: string;
    readonly prefix: string;
    readonly bucketPolicy: ITerraformDependable;
  };
  readonly deletionProtection: boolean;
  /** Seconds an idle connection stays open. @default 60 (ELB's default) */
  readonly idleTimeoutSeconds?: number;
  /** Send a client back to the same target (a load-balancer cookie, one day). @default false */
  readonly stickySessions?: boolean;
}

/**
 * An application load balancer in front of one service: `ip` targets (Fargate), health checks,
 * invalid headers dropped (ELB.4), defensive desync mitigation (ELB.12), access logs (ELB.5),
 * deletion protection where asked (ELB.6), and HTTPS with an HTTP redirect when a certificate
 * exists (ELB.1). Its security group admits the allowed CIDRs on the listener ports only.
 */
export class GitanaLoadBalancer extends Construct implements Caller {
  /** Names the rules that mention it: its construct id (`api-lb`). */
  readonly peerName: string;
  readonly dnsName: string;
  readonly zoneId: string;
  readonly arn: string;
  readonly securityGroupId: string;
  readonly targetGroupArn: string;
  /** `app/<name>/<id>`: the load balancer's CloudWatch dimension. */
  readonly arnSuffix: string;
  /** `targetgroup/<name>/<id>`: the target group's CloudWatch dimension. */
  readonly targetGroupArnSuffix: string;
  /** The listener forwarding to the targets: services must wait for it. */
  readonly listener: LbListener;
  readonly https: boolean;
  private readonly targetPort: number;

  constructor(scope: Construct, id: string, props: GitanaLoadBalancerProps) {
    super(scope, id);
    this.peerName = id;
    // A name from module-mode variables is checked by their validation instead (tools/module-mode/module-inputs.ts).
    if (!Token.isUnresolved(props.name) && props.name.length > MAX_LOAD_BALANCER_NAME_LENGTH) {
      throw new Error(
        `${this.node.path}: name "${props.name}" is ${props.name.length} characters; load balancer and target group names allow ${MAX_LOAD_BALANCER_NAME_LENGTH}`,
      );
    }
    this.https = props.certificateArn !== undefined;
    this.targetPort = props.targetPort;

    const securityGroup = new SecurityGroup(this, "security-group", {
      name: `${props.name}-lb`,
      description: `Load balancer ${props.name}: listeners from the allowed CIDRs`,
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-lb` },
    });
    this.securityGroupId = securityGroup.id;
    for (const port of this.https ? [80, 443] : [80]) {
      props.allowedCidrs.forEach((cidr, i) => {
        new VpcSecurityGroupIngressRule(this, `ingress-${port}-${i}`, {
          securityGroupId: securityGroup.id,
          description: `${port === 443 ? "HTTPS" : "HTTP"} from ${cidr}`,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          cidrIpv4: cidr,
        });
      });
    }

    const loadBalancer = new Lb(this, "load-balancer", {
      name: props.name,
      loadBalancerType: "application",
      internal: !props.internetFacing,
      subnets: props.subnetIds,
      securityGroups: [securityGroup.id],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "defensive",
      enableDeletionProtection: props.deletionProtection,
      idleTimeout: props.idleTimeoutSeconds,
      accessLogs: {
        bucket: props.accessLogs.bucketName,
        prefix: props.accessLogs.prefix,
        enabled: true,
      },
      // ELB checks it may write to the bucket when the load balancer is created.
      dependsOn: [props.accessLogs.bucketPolicy],
    });
    this.dnsName = loadBalancer.dnsName;
    this.zoneId = loadBalancer.zoneId;
    this.arn = loadBalancer.arn;
    this.arnSuffix = loadBalancer.arnSuffix;

    const targetGroup = new LbTargetGroup(this, "target-group", {
      name: props.name,
      targetType: "ip",
      protocol: "HTTP",
      port: props.targetPort,
      vpcId: props.vpcId,
      // Long enough for in-flight requests, short enough for quick rollouts.
      deregistrationDelay: "30",
      stickiness: props.stickySessions
        ? { type: "lb_cookie", enabled: true, cookieDuration: 86400 }
        : undefined,
      healthCheck: {
        path: props.healthCheckPath,
        matcher: "200-399",
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
    });
    this.targetGroupArn = targetGroup.arn;
    this.targetGroupArnSuffix = targetGroup.arnSuffix;

    const forward = [{ type: "forward", targetGroupArn: targetGroup.arn }];
    if (props.certificateArn) {
      this.listener = new LbListener(this, "https-listener", {
        loadBalancerArn: loadBalancer.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: LOAD_BALANCER_TLS_POLICY,
        certificateArn: props.certificateArn,
        defaultAction: forward,
      });
      new LbListener(this, "http-redirect-listener", {
        loadBalancerArn: loadBalancer.arn,
        port: 80,
        protocol: "HTTP",
        defaultAction: [
          {
            type: "redirect",
            redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
          },
        ],
      });
    } else {
      this.listener = new LbListener(this, "http-listener", {
        loadBalancerArn: loadBalancer.arn,
        port: 80,
        protocol: "HTTP",
        defaultAction: forward,
      });
    }
  }

  /** Lets the load balancer reach its targets (the members of `peer`) on the target port. */
  allowTo(peer: SecurityGroupPeer, port: number): void {
    if (port !== this.targetPort) {
      throw new Error(
        `${this.node.path}: targets listen on ${this.targetPort}, not ${port} (${peer.peerName})`,
      );
    }
    new VpcSecurityGroupEgressRule(this, "egress-to-targets", {
      securityGroupId: this.securityGroupId,
      description: `to the targets on port ${this.targetPort}`,
      ipProtocol: "tcp",
      fromPort: this.targetPort,
      toPort: this.targetPort,
      referencedSecurityGroupId: peer.securityGroupId,
    });
  }
}
