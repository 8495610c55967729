import { block, ofType, refersTo, type Resource, type PlanView } from "../plan-view";
import { perResource, type Rule } from "../rule";

const loadBalancers = (view: PlanView) =>
  ofType(view, "aws_lb").filter(
    (lb) => (lb.attrs.load_balancer_type ?? "application") === "application",
  );

/** The load balancer's HTTP listeners that serve traffic rather than redirect it to HTTPS. */
function plainHttpListeners(lb: Resource, view: PlanView): Resource[] {
  return ofType(view, "aws_lb_listener").filter((l) => {
    if (!refersTo(l.attrs.load_balancer_arn, lb) || l.attrs.protocol !== "HTTP") return false;
    const actions = Array.isArray(l.attrs.default_action)
      ? l.attrs.default_action
      : [l.attrs.default_action];
    return !(actions as Record<string, unknown>[]).every(
      (a) => a?.type === "redirect" && block(a, "redirect")?.protocol === "HTTPS",
    );
  });
}

/** Whether a security group of the load balancer admits every IPv4 address. */
function openToTheInternet(lb: Resource, view: PlanView): boolean {
  const groups = ofType(view, "aws_security_group").filter((g) =>
    refersTo(lb.attrs.security_groups, g),
  );
  return ofType(view, "aws_vpc_security_group_ingress_rule").some(
    (rule) =>
      groups.some((g) => refersTo(rule.attrs.security_group_id, g)) &&
      String(rule.attrs.cidr_ipv4 ?? "").endsWith("/0"),
  );
}

export const elbRules: Rule[] = [
  perResource(
    "ELB.1",
    "HTTP listeners redirect to HTTPS",
    loadBalancers,
    (lb, view) => {
      const forwarding = plainHttpListeners(lb, view);
      return forwarding.length
        ? `${forwarding.length} HTTP listener(s) serve traffic instead of redirecting to HTTPS`
        : undefined;
    },
    "HTTP only redirects to HTTPS",
  ),
  perResource(
    "Gitana.NoPublicPlainHttp",
    "A load balancer serving plain HTTP does not admit the whole internet",
    loadBalancers,
    (lb, view) =>
      plainHttpListeners(lb, view).length > 0 && openToTheInternet(lb, view)
        ? "serves plain HTTP (no certificate) to 0.0.0.0/0"
        : undefined,
    "HTTPS only, or plain HTTP to listed networks",
  ),
  perResource(
    "ELB.4",
    "ALBs drop invalid header fields",
    loadBalancers,
    (lb) =>
      lb.attrs.drop_invalid_header_fields === true
        ? undefined
        : "invalid header fields are passed on",
    "invalid headers dropped",
  ),
  perResource(
    "ELB.5",
    "ALBs log access",
    loadBalancers,
    (lb) => (block(lb.attrs, "access_logs")?.enabled === true ? undefined : "access logs are off"),
    "access logs on",
  ),
  perResource(
    "ELB.6",
    "ALBs have deletion protection",
    loadBalancers,
    (lb) =>
      lb.attrs.enable_deletion_protection === true ? undefined : "deletion protection is off",
    "deletion protection on",
  ),
  perResource(
    "ELB.12",
    "ALBs mitigate HTTP desync",
    loadBalancers,
    (lb) =>
      ["defensive", "strictest"].includes(String(lb.attrs.desync_mitigation_mode ?? "defensive"))
        ? undefined
        : `desync mitigation is ${String(lb.attrs.desync_mitigation_mode)}`,
    "defensive or strictest desync mitigation",
  ),
  perResource(
    "Gitana.AlbTls",
    "HTTPS listeners use a TLS 1.2+ policy",
    (v) => ofType(v, "aws_lb_listener").filter((l) => l.attrs.protocol === "HTTPS"),
    (l) =>
      /TLS13|TLS-1-2|FS-1-2/.test(String(l.attrs.ssl_policy ?? ""))
        ? undefined
        : `TLS policy ${String(l.attrs.ssl_policy)}`,
    "TLS 1.2+ policy",
  ),
];
