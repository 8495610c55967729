import { ofType, refersTo, type PlanView } from "../plan-view";
import { perResource, stackWide, type Rule } from "../rule";

const vpcs = (view: PlanView) => ofType(view, "aws_vpc");
const LISTENER_PORTS = [80, 443];

export const networkRules: Rule[] = [
  perResource(
    "EC2.2",
    "The default security group has no rules",
    vpcs,
    (vpc, view) => {
      const adopted = ofType(view, "aws_default_security_group").find((g) =>
        refersTo(g.attrs.vpc_id, vpc),
      );
      if (!adopted) return "the default security group is not adopted (it keeps AWS's allow rules)";
      const rules = [adopted.attrs.ingress, adopted.attrs.egress].flat().filter(Boolean);
      return rules.length ? "the default security group has rules" : undefined;
    },
    "default security group adopted and empty",
  ),
  perResource(
    "EC2.6",
    "VPC flow logs are on",
    vpcs,
    (vpc, view) =>
      ofType(view, "aws_flow_log").some(
        (f) => refersTo(f.attrs.vpc_id, vpc) && f.attrs.traffic_type === "ALL",
      )
        ? undefined
        : "no flow log of all traffic",
    "flow logs of all traffic",
  ),
  perResource(
    "EC2.15",
    "Subnets do not assign public IPs",
    (v) => ofType(v, "aws_subnet"),
    (s) => (s.attrs.map_public_ip_on_launch === true ? "assigns public IPs on launch" : undefined),
    "no public IPs on launch",
  ),
  perResource(
    "Gitana.S3GatewayEndpoint",
    "S3 traffic stays on the AWS network",
    vpcs,
    (vpc, view) =>
      ofType(view, "aws_vpc_endpoint").some(
        (e) =>
          refersTo(e.attrs.vpc_id, vpc) &&
          String(e.attrs.service_name).endsWith(".s3") &&
          e.attrs.vpc_endpoint_type === "Gateway",
      )
        ? undefined
        : "no S3 gateway endpoint",
    "S3 gateway endpoint present",
  ),
  perResource(
    "Gitana.NoInternetIngress",
    "Only load balancer listeners admit the internet",
    (v) => ofType(v, "aws_vpc_security_group_ingress_rule"),
    (rule, view) => {
      // The internet: any IPv4 range of /8 or wider (0.0.0.0/1 is half of it), or ::/0.
      const prefix = Number(/\/(\d+)$/.exec(String(rule.attrs.cidr_ipv4 ?? ""))?.[1] ?? 33);
      const open = prefix <= 8 || rule.attrs.cidr_ipv6 === "::/0";
      if (!open) return undefined;
      const group = ofType(view, "aws_security_group").find((g) =>
        refersTo(rule.attrs.security_group_id, g),
      );
      const ofLoadBalancer =
        group !== undefined &&
        ofType(view, "aws_lb").some((lb) => refersTo(lb.attrs.security_groups, group));
      const listenerPort =
        LISTENER_PORTS.includes(Number(rule.attrs.from_port)) &&
        rule.attrs.from_port === rule.attrs.to_port;
      return ofLoadBalancer && listenerPort
        ? undefined
        : `admits the internet on ${String(rule.attrs.from_port)}-${String(rule.attrs.to_port)}`;
    },
    "not open to the internet, or a load balancer listener on 80/443",
  ),
  stackWide(
    "Gitana.LegacyIngress",
    "Security groups use rule resources, not inline rules",
    (view) => {
      const inline = ofType(view, "aws_security_group").filter(
        (g) => Array.isArray(g.attrs.ingress) && g.attrs.ingress.length > 0,
      );
      // aws_security_group_rule too: the checks read aws_vpc_security_group_ingress_rule only.
      const unseen = [...inline, ...ofType(view, "aws_security_group_rule")].map((r) => r.address);
      return unseen.length
        ? `${unseen.join(", ")} carry ingress rules the checks cannot see`
        : undefined;
    },
    "all ingress is in aws_vpc_security_group_ingress_rule resources",
  ),
];
