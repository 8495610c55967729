import { block, ofType, refersTo, type PlanView } from "../plan-view";
import { perResource, type Rule } from "../rule";

const loadBalancers = (view: PlanView) =>
  ofType(view, "aws_lb").filter(
    (lb) => (lb.attrs.load_balancer_type ?? "application") === "application",
  );

export const elbRules: Rule[] = [
  perResource(
    "ELB.1",
    "HTTP listeners redirect to HTTPS",
    loadBalancers,
    (lb, view) => {
      const listeners = ofType(view, "aws_lb_listener").filter((l) =>
        refersTo(l.attrs.load_balancer_arn, lb),
      );
      const plain = listeners.filter((l) => l.attrs.protocol === "HTTP");
      const forwarding = plain.filter((l) => {
        const actions = Array.isArray(l.attrs.default_action)
          ? l.attrs.default_action
          : [l.attrs.default_action];
        return !(actions as Record<string, unknown>[]).every(
          (a) => a?.type === "redirect" && block(a, "redirect")?.protocol === "HTTPS",
        );
      });
      return forwarding.length
        ? `${forwarding.length} HTTP listener(s) serve traffic instead of redirecting to HTTPS`
        : undefined;
    },
    "HTTP only redirects to HTTPS",
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
