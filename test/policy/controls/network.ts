import type { Control } from "./control";
import { resource, view, ref, alb } from "../fixtures";

/** The VPC: its default group, flow log, subnets, endpoints and ingress rules. */
const vpc = resource("aws_vpc", "main");
const inVpc = (type: string, attrs: Record<string, unknown> = {}) =>
  resource(type, `main_${type}`, { vpc_id: ref(vpc), ...attrs });
const ingressTo = (ofLoadBalancer: boolean, cidr: string, port: number) => {
  const group = resource("aws_security_group", "group");
  return view(
    group,
    ...(ofLoadBalancer ? [alb({ security_groups: [ref(group)] })] : []),
    resource("aws_vpc_security_group_ingress_rule", "in", {
      security_group_id: ref(group),
      cidr_ipv4: cidr,
      from_port: port,
      to_port: port,
    }),
  );
};

export const networkControls: Record<string, Control> = {
  "EC2.2": {
    passes: [
      ["the default group adopted and empty", () => view(vpc, inVpc("aws_default_security_group"))],
    ],
    fails: [
      [
        "rules on the default group",
        () => view(vpc, inVpc("aws_default_security_group", { ingress: [{ from_port: 0 }] })),
        "the default security group has rules",
      ],
      [
        "the default group not adopted",
        () => view(vpc),
        "the default security group is not adopted (it keeps AWS's allow rules)",
      ],
    ],
  },
  "EC2.6": {
    passes: [
      [
        "a flow log of all traffic",
        () => view(vpc, inVpc("aws_flow_log", { traffic_type: "ALL" })),
      ],
    ],
    fails: [
      ["no flow log", () => view(vpc), "no flow log of all traffic"],
      [
        "a flow log of rejected traffic only",
        () => view(vpc, inVpc("aws_flow_log", { traffic_type: "REJECT" })),
        "no flow log of all traffic",
      ],
    ],
  },
  "EC2.15": {
    passes: [
      [
        "no public IPs on launch",
        () => view(resource("aws_subnet", "public", { map_public_ip_on_launch: false })),
      ],
    ],
    fails: [
      [
        "public IPs on launch",
        () => view(resource("aws_subnet", "public", { map_public_ip_on_launch: true })),
        "assigns public IPs on launch",
      ],
    ],
  },
  "Gitana.S3GatewayEndpoint": {
    passes: [
      [
        "an S3 gateway endpoint",
        () =>
          view(
            vpc,
            inVpc("aws_vpc_endpoint", {
              service_name: "com.amazonaws.eu-west-1.s3",
              vpc_endpoint_type: "Gateway",
            }),
          ),
      ],
    ],
    fails: [
      ["no endpoint", () => view(vpc), "no S3 gateway endpoint"],
      [
        "an S3 interface endpoint only",
        () =>
          view(
            vpc,
            inVpc("aws_vpc_endpoint", {
              service_name: "com.amazonaws.eu-west-1.s3",
              vpc_endpoint_type: "Interface",
            }),
          ),
        "no S3 gateway endpoint",
      ],
    ],
  },
  "Gitana.NoInternetIngress": {
    passes: [
      [
        "a load balancer listener on 443 open to the internet",
        () => ingressTo(true, "0.0.0.0/0", 443),
      ],
      ["a VPC range", () => ingressTo(false, "10.0.0.0/16", 443)],
    ],
    fails: [
      [
        "a task group open to the internet",
        () => ingressTo(false, "0.0.0.0/0", 443),
        "admits the internet on 443-443",
      ],
      [
        "half the internet (0.0.0.0/1)",
        () => ingressTo(false, "0.0.0.0/1", 443),
        "admits the internet on 443-443",
      ],
      [
        "a load balancer open on a port that is no listener's",
        () => ingressTo(true, "0.0.0.0/0", 22),
        "admits the internet on 22-22",
      ],
    ],
  },
  "Gitana.LegacyIngress": {
    passes: [
      [
        "groups without inline rules",
        () => view(resource("aws_security_group", "g", { ingress: [] })),
      ],
    ],
    fails: [
      [
        "inline ingress",
        () =>
          view(resource("aws_security_group", "documentdb", { ingress: [{ from_port: 27017 }] })),
        "aws_security_group.documentdb carry ingress rules the checks cannot see",
      ],
      [
        "an aws_security_group_rule",
        () =>
          view(resource("aws_security_group_rule", "extra", { type: "ingress", from_port: 22 })),
        "aws_security_group_rule.extra carry ingress rules the checks cannot see",
      ],
    ],
  },
};
