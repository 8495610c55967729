import type { Control } from "./control";
import { resource, view, ref, alb } from "../fixtures";

/** Load balancers: an ALB, its group open to the internet, and a listener. */
const albWithListener = (listener: Record<string, unknown>, cidr = "0.0.0.0/0") => {
  const group = resource("aws_security_group", "api-lb");
  const lb = alb({ security_groups: [ref(group)] });
  return view(
    group,
    lb,
    resource("aws_vpc_security_group_ingress_rule", "api-lb_http", {
      security_group_id: ref(group),
      cidr_ipv4: cidr,
      from_port: 80,
      to_port: 80,
    }),
    resource("aws_lb_listener", "api-lb_http", { load_balancer_arn: ref(lb, "arn"), ...listener }),
  );
};
const redirectToHttps = {
  protocol: "HTTP",
  default_action: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443" } }],
};
const forward = {
  protocol: "HTTP",
  default_action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.api.arn}" }],
};

export const elbControls: Record<string, Control> = {
  "ELB.1": {
    passes: [["HTTP redirects to HTTPS", () => albWithListener(redirectToHttps)]],
    fails: [
      [
        "HTTP forwards to targets",
        () => albWithListener(forward),
        "1 HTTP listener(s) serve traffic instead of redirecting to HTTPS",
      ],
    ],
  },
  "Gitana.NoPublicPlainHttp": {
    passes: [
      ["HTTP only redirects", () => albWithListener(redirectToHttps)],
      ["plain HTTP to a listed network", () => albWithListener(forward, "203.0.113.0/24")],
    ],
    fails: [
      [
        "plain HTTP to 0.0.0.0/0",
        () => albWithListener(forward),
        "serves plain HTTP (no certificate) to 0.0.0.0/0",
      ],
    ],
  },
  "ELB.4": {
    passes: [["invalid headers dropped", () => view(alb({ drop_invalid_header_fields: true }))]],
    fails: [
      [
        "invalid headers passed on",
        () => view(alb({ drop_invalid_header_fields: false })),
        "invalid header fields are passed on",
      ],
    ],
  },
  "ELB.5": {
    passes: [["access logs on", () => view(alb({ access_logs: { enabled: true } }))]],
    fails: [
      [
        "access logs off",
        () => view(alb({ access_logs: { enabled: false } })),
        "access logs are off",
      ],
    ],
  },
  "ELB.6": {
    passes: [["deletion protection on", () => view(alb({ enable_deletion_protection: true }))]],
    fails: [
      [
        "deletion protection off",
        () => view(alb({ enable_deletion_protection: false })),
        "deletion protection is off",
      ],
    ],
  },
  "ELB.12": {
    passes: [["AWS's default (defensive)", () => view(alb())]],
    fails: [
      [
        "monitor",
        () => view(alb({ desync_mitigation_mode: "monitor" })),
        "desync mitigation is monitor",
      ],
    ],
  },
  "Gitana.AlbTls": {
    passes: [
      [
        "a TLS 1.3 policy",
        () =>
          view(
            resource("aws_lb_listener", "https", {
              protocol: "HTTPS",
              ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
            }),
          ),
      ],
    ],
    fails: [
      [
        "a 2016 policy",
        () =>
          view(
            resource("aws_lb_listener", "https", {
              protocol: "HTTPS",
              ssl_policy: "ELBSecurityPolicy-2016-08",
            }),
          ),
        "TLS policy ELBSecurityPolicy-2016-08",
      ],
    ],
  },
};
