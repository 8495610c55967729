import { GitanaLoadBalancer, type GitanaLoadBalancerProps } from "../../constructs/loadbalancing";
import { bareStack, synthStack } from "../helpers/bare-stack";
import { ref, resourceOf, resourcesOf, type StackJson } from "../helpers/synth";

const CERTIFICATE = "arn:aws:acm:eu-west-1:111122223333:certificate/api";

/** A GitanaLoadBalancer alone on a bare stack: internet-facing, plain HTTP, one allowed CIDR. */
function loadBalancerStack(
  props: Partial<GitanaLoadBalancerProps> = {},
  targets?: (lb: GitanaLoadBalancer) => void,
): StackJson {
  const stack = bareStack();
  const lb = new GitanaLoadBalancer(stack, "api-lb", {
    name: "gitana-test-api",
    vpcId: "vpc-1",
    subnetIds: ["subnet-a", "subnet-b"],
    internetFacing: true,
    allowedCidrs: ["0.0.0.0/0"],
    targetPort: 8080,
    healthCheckPath: "/healthz",
    accessLogs: {
      bucketName: "gitana-test-logs",
      prefix: "alb/api",
      bucketPolicy: { fqn: "aws_s3_bucket_policy.logs" },
    },
    deletionProtection: false,
    ...props,
  });
  targets?.(lb);
  return synthStack(stack);
}

const listeners = (stack: StackJson) => resourcesOf(stack, "aws_lb_listener").map(([, l]) => l);
const ingress = (stack: StackJson) =>
  resourcesOf(stack, "aws_vpc_security_group_ingress_rule").map(([, r]) => r);

describe("GitanaLoadBalancer", () => {
  const bare = loadBalancerStack();
  const https = loadBalancerStack({ certificateArn: CERTIFICATE });

  test("is an application load balancer in the given subnets behind its own security group", () => {
    expect(resourceOf(bare, "aws_lb")).toMatchObject({
      name: "gitana-test-api",
      load_balancer_type: "application",
      internal: false,
      subnets: ["subnet-a", "subnet-b"],
      security_groups: [ref(bare, "aws_security_group", "", "id")],
    });
  });

  test("is internal when not internet-facing", () => {
    expect(resourceOf(loadBalancerStack({ internetFacing: false }), "aws_lb").internal).toBe(true);
  });

  test("drops invalid header fields (ELB.4)", () => {
    expect(resourceOf(bare, "aws_lb").drop_invalid_header_fields).toBe(true);
  });

  test("mitigates HTTP desync defensively (ELB.12)", () => {
    expect(resourceOf(bare, "aws_lb").desync_mitigation_mode).toBe("defensive");
  });

  test("writes access logs to the given bucket and prefix (ELB.5)", () => {
    expect(resourceOf(bare, "aws_lb").access_logs).toEqual({
      bucket: "gitana-test-logs",
      prefix: "alb/api",
      enabled: true,
    });
  });

  test("waits for the log bucket policy before it is created", () => {
    expect(resourceOf(bare, "aws_lb").depends_on).toEqual(["aws_s3_bucket_policy.logs"]);
  });

  test("has deletion protection only when asked (ELB.6)", () => {
    expect(resourceOf(bare, "aws_lb").enable_deletion_protection).toBe(false);
    expect(
      resourceOf(loadBalancerStack({ deletionProtection: true }), "aws_lb")
        .enable_deletion_protection,
    ).toBe(true);
  });

  test("leaves the idle timeout to ELB unless given", () => {
    expect(resourceOf(bare, "aws_lb").idle_timeout).toBeUndefined();
    expect(resourceOf(loadBalancerStack({ idleTimeoutSeconds: 300 }), "aws_lb").idle_timeout).toBe(
      300,
    );
  });

  test("refuses a name longer than ELB's 32 characters", () => {
    expect(() => loadBalancerStack({ name: "gitana-production-api-worker-xyz1" })).toThrow(
      /is 33 characters; load balancer and target group names allow 32/,
    );
  });

  test("targets are IPs on the target port over HTTP, deregistered after 30 seconds", () => {
    expect(resourceOf(bare, "aws_lb_target_group")).toMatchObject({
      name: "gitana-test-api",
      target_type: "ip",
      protocol: "HTTP",
      port: 8080,
      vpc_id: "vpc-1",
      deregistration_delay: "30",
    });
  });

  test("the target group health check probes the given path every 15 seconds", () => {
    expect(resourceOf(bare, "aws_lb_target_group").health_check).toEqual({
      path: "/healthz",
      matcher: "200-399",
      interval: 15,
      timeout: 5,
      healthy_threshold: 2,
      unhealthy_threshold: 3,
    });
  });

  test("has no sticky sessions by default", () => {
    expect(resourceOf(bare, "aws_lb_target_group").stickiness).toBeUndefined();
  });

  test("sticky sessions use a one-day load-balancer cookie", () => {
    expect(
      resourceOf(loadBalancerStack({ stickySessions: true }), "aws_lb_target_group").stickiness,
    ).toEqual({ type: "lb_cookie", enabled: true, cookie_duration: 86400 });
  });

  test("without a certificate, one plain HTTP listener on 80 forwards to the targets", () => {
    expect(listeners(bare)).toEqual([
      {
        load_balancer_arn: ref(bare, "aws_lb", "", "arn"),
        port: 80,
        protocol: "HTTP",
        default_action: [
          { type: "forward", target_group_arn: ref(bare, "aws_lb_target_group", "", "arn") },
        ],
      },
    ]);
  });

  test("with a certificate, HTTPS on 443 uses it and the TLS 1.3 policy and forwards", () => {
    expect(resourceOf(https, "aws_lb_listener", "https-listener")).toEqual({
      load_balancer_arn: ref(https, "aws_lb", "", "arn"),
      port: 443,
      protocol: "HTTPS",
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificate_arn: CERTIFICATE,
      default_action: [
        { type: "forward", target_group_arn: ref(https, "aws_lb_target_group", "", "arn") },
      ],
    });
  });

  test("with a certificate, HTTP on 80 redirects permanently to HTTPS on 443", () => {
    expect(resourceOf(https, "aws_lb_listener", "http-redirect-listener")).toEqual({
      load_balancer_arn: ref(https, "aws_lb", "", "arn"),
      port: 80,
      protocol: "HTTP",
      default_action: [
        {
          type: "redirect",
          redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" },
        },
      ],
    });
  });

  test("with a certificate, no listener forwards plain HTTP to the targets", () => {
    const actions = listeners(https).map((l) => [
      l.protocol,
      (l.default_action as { type: string }[]).map((a) => a.type),
    ]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ["HTTPS", ["forward"]],
        ["HTTP", ["redirect"]],
      ]),
    );
    expect(actions).toHaveLength(2);
  });

  test("its security group is named for the load balancer and sits in the VPC", () => {
    expect(resourceOf(bare, "aws_security_group")).toMatchObject({
      name: "gitana-test-api-lb",
      description: "Load balancer gitana-test-api: listeners from the allowed CIDRs",
      vpc_id: "vpc-1",
      tags: { Name: "gitana-test-api-lb" },
    });
  });

  test("without a certificate, the allowed CIDRs may reach port 80 only", () => {
    const stack = loadBalancerStack({ allowedCidrs: ["10.0.0.0/8", "192.0.2.0/24"] });
    expect(ingress(stack)).toEqual(
      ["10.0.0.0/8", "192.0.2.0/24"].map((cidr) => ({
        security_group_id: ref(stack, "aws_security_group", "", "id"),
        description: `HTTP from ${cidr}`,
        ip_protocol: "tcp",
        from_port: 80,
        to_port: 80,
        cidr_ipv4: cidr,
      })),
    );
  });

  test("with a certificate, every allowed CIDR may reach ports 80 and 443", () => {
    const stack = loadBalancerStack({
      certificateArn: CERTIFICATE,
      allowedCidrs: ["10.0.0.0/8", "192.0.2.0/24"],
    });
    expect(ingress(stack).map((r) => [r.from_port, r.to_port, r.cidr_ipv4, r.description])).toEqual(
      expect.arrayContaining([
        [80, 80, "10.0.0.0/8", "HTTP from 10.0.0.0/8"],
        [80, 80, "192.0.2.0/24", "HTTP from 192.0.2.0/24"],
        [443, 443, "10.0.0.0/8", "HTTPS from 10.0.0.0/8"],
        [443, 443, "192.0.2.0/24", "HTTPS from 192.0.2.0/24"],
      ]),
    );
    expect(ingress(stack)).toHaveLength(4);
  });

  test("has no egress rule until targets are allowed", () => {
    expect(resourcesOf(bare, "aws_vpc_security_group_egress_rule")).toEqual([]);
  });

  test("allowTo lets it reach the targets' security group on the target port", () => {
    const stack = loadBalancerStack({}, (lb) =>
      lb.allowTo({ peerName: "api", securityGroupId: "sg-api" }, 8080),
    );
    expect(resourceOf(stack, "aws_vpc_security_group_egress_rule")).toEqual({
      security_group_id: ref(stack, "aws_security_group", "", "id"),
      description: "to the targets on port 8080",
      ip_protocol: "tcp",
      from_port: 8080,
      to_port: 8080,
      referenced_security_group_id: "sg-api",
    });
  });

  test("allowTo refuses a port other than the target port", () => {
    expect(() =>
      loadBalancerStack({}, (lb) => lb.allowTo({ peerName: "api", securityGroupId: "sg-api" }, 80)),
    ).toThrow(/targets listen on 8080, not 80 \(api\)/);
  });
});
