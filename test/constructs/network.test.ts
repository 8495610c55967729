import { GitanaNetwork, type GitanaNetworkProps } from "../../constructs/network";
import { AWS, bareStack, synthStack } from "../helpers/bare-stack";
import { devInput, prodInput } from "../helpers/configs";
import {
  policyStatements,
  ref,
  resourceOf,
  resourcesOf,
  synthEnv,
  type StackJson,
} from "../helpers/synth";

const AZS = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
const LOGS_KEY = "arn:aws:kms:eu-west-1:111122223333:key/logs";

/** A GitanaNetwork alone on a bare stack: single NAT, no interface endpoints. */
function networkStack(props: Partial<GitanaNetworkProps> = {}): StackJson {
  const stack = bareStack();
  new GitanaNetwork(stack, "network", {
    aws: AWS,
    namePrefix: "gitana-test",
    availabilityZones: AZS,
    vpcCidr: "10.40.0.0/20",
    natStrategy: "single",
    flowLogRetentionDays: 30,
    logsKmsKeyArn: LOGS_KEY,
    ...props,
  });
  return synthStack(stack);
}

function subnets(stack: StackJson, tier: string): Record<string, unknown>[] {
  return AZS.map((az) => resourceOf(stack, "aws_subnet", `_${tier}-subnet-${az}_`));
}

describe("GitanaNetwork", () => {
  const bare = networkStack();
  const perAz = networkStack({ natStrategy: "perAz" });
  const withEndpoints = networkStack({ vpcCidr: "10.42.0.0/16", interfaceEndpoints: true });

  test("creates one VPC with DNS support and hostnames, named after the prefix", () => {
    expect(resourcesOf(bare, "aws_vpc")).toHaveLength(1);
    expect(resourceOf(bare, "aws_vpc")).toMatchObject({
      cidr_block: "10.40.0.0/20",
      enable_dns_support: true,
      enable_dns_hostnames: true,
      tags: { Name: "gitana-test" },
    });
  });

  test.each([
    ["private", ["10.40.0.0/22", "10.40.4.0/22", "10.40.8.0/22"]],
    ["public", ["10.40.12.0/26", "10.40.12.64/26", "10.40.12.128/26"]],
    ["data", ["10.40.12.192/26", "10.40.13.0/26", "10.40.13.64/26"]],
  ])("derives the %s subnets from the VPC CIDR, one per AZ", (tier, cidrs) => {
    expect(
      subnets(bare, tier).map((s) => [
        s.cidr_block,
        s.availability_zone,
        (s.tags as Record<string, string>).Tier,
      ]),
    ).toEqual([
      [cidrs[0], "eu-west-1a", tier],
      [cidrs[1], "eu-west-1b", tier],
      [cidrs[2], "eu-west-1c", tier],
    ]);
  });

  test("no subnet assigns public IPs (EC2.15)", () => {
    const all = resourcesOf(bare, "aws_subnet");
    expect(all).toHaveLength(9);
    expect(all.every(([, s]) => s.map_public_ip_on_launch === false)).toBe(true);
  });

  test("public subnets route to the internet gateway through one shared table", () => {
    expect(resourceOf(bare, "aws_route", "public-default-route")).toMatchObject({
      destination_cidr_block: "0.0.0.0/0",
      gateway_id: ref(bare, "aws_internet_gateway", "internet-gateway", "id"),
      route_table_id: ref(bare, "aws_route_table", "public-route-table", "id"),
    });
    const associations = resourcesOf(bare, "aws_route_table_association").filter(([n]) =>
      n.includes("public"),
    );
    expect(associations.map(([, a]) => a.route_table_id)).toEqual(
      Array(3).fill(ref(bare, "aws_route_table", "public-route-table", "id")),
    );
  });

  test("single NAT strategy: one NAT gateway in the first public subnet serves every private table", () => {
    expect(resourcesOf(bare, "aws_nat_gateway")).toHaveLength(1);
    expect(resourceOf(bare, "aws_nat_gateway")).toMatchObject({
      subnet_id: ref(bare, "aws_subnet", "_public-subnet-eu-west-1a_", "id"),
      allocation_id: ref(bare, "aws_eip", "nat-eip-eu-west-1a_", "allocation_id"),
    });
    const nat = ref(bare, "aws_nat_gateway", "nat-gateway-eu-west-1a_", "id");
    for (const az of AZS) {
      expect(resourceOf(bare, "aws_route", `private-default-route-${az}_`)).toMatchObject({
        destination_cidr_block: "0.0.0.0/0",
        nat_gateway_id: nat,
        route_table_id: ref(bare, "aws_route_table", `private-route-table-${az}_`, "id"),
      });
    }
  });

  test("perAz NAT strategy: each AZ's private table routes through the NAT gateway of its own AZ", () => {
    expect(resourcesOf(perAz, "aws_nat_gateway")).toHaveLength(3);
    for (const az of AZS) {
      expect(resourceOf(perAz, "aws_nat_gateway", `nat-gateway-${az}_`).subnet_id).toBe(
        ref(perAz, "aws_subnet", `_public-subnet-${az}_`, "id"),
      );
      expect(resourceOf(perAz, "aws_route", `private-default-route-${az}_`).nat_gateway_id).toBe(
        ref(perAz, "aws_nat_gateway", `nat-gateway-${az}_`, "id"),
      );
    }
  });

  test("the data tier has no route out of the VPC", () => {
    const dataTable = ref(bare, "aws_route_table", "data-route-table", "id");
    expect(
      resourcesOf(bare, "aws_route").filter(([, r]) => r.route_table_id === dataTable),
    ).toEqual([]);
    const associations = resourcesOf(bare, "aws_route_table_association").filter(([n]) =>
      n.includes("data"),
    );
    expect(associations.map(([, a]) => a.subnet_id)).toEqual(
      AZS.map((az) => ref(bare, "aws_subnet", `_data-subnet-${az}_`, "id")),
    );
  });

  test("the default security group is adopted with no rules (EC2.2)", () => {
    const group = resourceOf(bare, "aws_default_security_group");
    expect(group.vpc_id).toBe(ref(bare, "aws_vpc", "vpc", "id"));
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
  });

  test("an S3 gateway endpoint serves the private route tables", () => {
    expect(resourceOf(bare, "aws_vpc_endpoint", "s3-gateway")).toMatchObject({
      service_name: "com.amazonaws.eu-west-1.s3",
      vpc_endpoint_type: "Gateway",
      route_table_ids: AZS.map((az) =>
        ref(bare, "aws_route_table", `private-route-table-${az}_`, "id"),
      ),
    });
  });

  test("interface endpoints are off by default", () => {
    expect(resourcesOf(bare, "aws_vpc_endpoint")).toHaveLength(1);
    expect(resourcesOf(bare, "aws_security_group")).toEqual([]);
  });

  test("interface endpoints, when on, sit in the private subnets with private DNS", () => {
    const endpoints = resourcesOf(withEndpoints, "aws_vpc_endpoint").filter(
      ([, e]) => e.vpc_endpoint_type === "Interface",
    );
    expect(endpoints.map(([, e]) => e.service_name).sort()).toEqual(
      ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "sns", "sqs", "sts"].map(
        (s) => `com.amazonaws.eu-west-1.${s}`,
      ),
    );
    const securityGroup = ref(withEndpoints, "aws_security_group", "interface-endpoints", "id");
    for (const [, endpoint] of endpoints) {
      expect(endpoint).toMatchObject({
        private_dns_enabled: true,
        subnet_ids: AZS.map((az) =>
          ref(withEndpoints, "aws_subnet", `_private-subnet-${az}_`, "id"),
        ),
        security_group_ids: [securityGroup],
      });
    }
  });

  test("the interface endpoints admit only HTTPS from inside the VPC", () => {
    expect(
      resourcesOf(withEndpoints, "aws_vpc_security_group_ingress_rule").map(([, r]) => r),
    ).toEqual([
      expect.objectContaining({
        security_group_id: ref(withEndpoints, "aws_security_group", "interface-endpoints", "id"),
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        cidr_ipv4: "10.42.0.0/16",
      }),
    ]);
    expect(resourcesOf(withEndpoints, "aws_vpc_security_group_egress_rule")).toEqual([]);
  });

  test("reordering availabilityZones synthesizes the same resources: per-AZ resources are keyed by zone", () => {
    // The moved blocks name the old index keys, which follow the list: nothing else may differ.
    const withoutMoves = (stack: StackJson) => ({ ...stack, moved: undefined });
    const reordered = networkStack({
      natStrategy: "perAz",
      availabilityZones: ["eu-west-1c", "eu-west-1a", "eu-west-1b"],
    });
    expect(withoutMoves(reordered)).toEqual(withoutMoves(perAz));
  });

  test("resources keyed by list position before move to their zone's key instead of being replaced", () => {
    const moves = (perAz.moved ?? []) as { from: string; to: string }[];
    expect(moves).toContainEqual({
      from: expect.stringMatching(/^aws_subnet\.network_data-subnet-1_[0-9A-F]{8}$/),
      to: expect.stringMatching(/^aws_subnet\.network_data-subnet-eu-west-1b_[0-9A-F]{8}$/),
    });
    expect(moves).toContainEqual({
      from: expect.stringMatching(/^aws_nat_gateway\.network_nat-gateway-2_/),
      to: expect.stringMatching(/^aws_nat_gateway\.network_nat-gateway-eu-west-1c_/),
    });
    // Every subnet, NAT gateway and EIP, private route table and route, and association.
    expect(moves).toHaveLength(9 + 6 + 6 + 9);
  });
});

describe("VPC flow logs", () => {
  const bare = networkStack();

  test("log all traffic to a group encrypted with the given key, kept as long as asked (EC2.6)", () => {
    expect(resourceOf(bare, "aws_flow_log")).toMatchObject({
      vpc_id: ref(bare, "aws_vpc", "vpc", "id"),
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
      log_destination: ref(bare, "aws_cloudwatch_log_group", "flow-logs", "arn"),
      iam_role_arn: ref(bare, "aws_iam_role", "flow-logs", "arn"),
    });
    expect(resourceOf(bare, "aws_cloudwatch_log_group", "flow-logs")).toMatchObject({
      name: "/vpc/gitana-test/flow-logs",
      retention_in_days: 30,
      kms_key_id: LOGS_KEY,
    });
    expect(
      resourceOf(networkStack({ flowLogRetentionDays: 400 }), "aws_cloudwatch_log_group")
        .retention_in_days,
    ).toBe(400);
  });

  test("write through a role only flow logs of this account can assume", () => {
    const role = resourceOf(bare, "aws_iam_role", "flow-logs");
    expect(role.name).toBe("gitana-test-vpc-flow-logs");
    expect(policyStatements(bare, role.assume_role_policy)).toEqual([
      {
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] },
          {
            test: "ArnLike",
            variable: "aws:SourceArn",
            values: ["arn:aws:ec2:eu-west-1:111122223333:vpc-flow-log/*"],
          },
        ],
      },
    ]);
  });

  test("the role may write only to its own log group", () => {
    const group = ref(bare, "aws_cloudwatch_log_group", "flow-logs", "arn");
    expect(
      policyStatements(bare, resourceOf(bare, "aws_iam_role_policy", "flow-logs").policy),
    ).toEqual([
      {
        sid: "WriteFlowLogGroup",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        resources: [group, `${group}:log-stream:*`],
      },
      {
        sid: "FindLogGroups",
        actions: ["logs:DescribeLogGroups"],
        resources: ["arn:aws:logs:eu-west-1:111122223333:log-group:*"],
      },
    ]);
    expect(resourceOf(bare, "aws_flow_log").depends_on).toEqual([
      expect.stringContaining("aws_iam_role_policy.network_flow-logs_write-policy"),
    ]);
  });
});

describe("an env's network", () => {
  const envs = { dev: devInput(), prod: prodInput() };
  const stacks = Object.fromEntries(
    Object.entries(envs).map(([env, input]) => [env, synthEnv(env, input)]),
  );
  const cases = Object.entries(envs);

  test.each(cases)("%s: the VPC, NAT gateways and endpoints follow its config", (env, input) => {
    const stack = stacks[env];
    expect(resourceOf(stack, "aws_vpc").cidr_block).toBe(input.network.vpcCidr);
    expect(resourcesOf(stack, "aws_nat_gateway")).toHaveLength(
      input.network.natStrategy === "perAz" ? input.availabilityZones.length : 1,
    );
    expect(
      resourcesOf(stack, "aws_vpc_endpoint").some(([, e]) => e.vpc_endpoint_type === "Interface"),
    ).toBe(input.network.interfaceEndpoints ?? false);
  });

  test.each(cases)(
    "%s: flow logs go to a group named after the env, encrypted with the env's logs key and kept for its retention",
    (env, input) => {
      const stack = stacks[env];
      expect(resourceOf(stack, "aws_cloudwatch_log_group", "flow-logs")).toMatchObject({
        name: `/vpc/${input.namePrefix}-${env}/flow-logs`,
        retention_in_days: input.logRetentionDays,
        kms_key_id: ref(stack, "aws_kms_key", "logs-key", "arn"),
      });
    },
  );
});
