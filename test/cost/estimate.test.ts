import type { Assumptions } from "../../tools/cost/assumptions";
import { componentTotals, estimate } from "../../tools/cost/estimate";
import { loadPriceTable } from "../../tools/cost/prices";
import type { Attrs, StackJson } from "../../synthesized/stack-json";

// Expected dollars below are worked out by hand from assets/pricing/eu-west-1.json and 730 hours:
// a price change there must fail these tests and be re-checked, never pass unnoticed.
const prices = loadPriceTable("eu-west-1");

const ASSUME: Assumptions = {
  hoursPerMonth: 730,
  natDataProcessedGb: 100,
  interfaceEndpointDataProcessedGb: 10,
  albLcuPerHour: 1,
  logsIngestedGb: 12,
  logsNeverExpireMonths: 12,
  containerInsightsMetricsPerCluster: 10,
  containerInsightsMetricsPerService: 20,
  s3StoredGb: 100,
  docdbStorageGb: 10,
  docdbIoMillions: 5,
  docdbBackupGbBeyondFree: 0,
  wafRequestsMillions: 10,
  kmsRequests: 20000,
  secretsApiCalls: 10000,
  sqsRequestsMillions: 1,
  snsPublishesMillions: 1,
  dynamodbWriteRequestUnitsMillions: 1,
  dynamodbReadRequestUnitsMillions: 1,
  dynamodbStorageGb: 1,
};

function stack(resource: Record<string, Record<string, Attrs>>): StackJson {
  return { provider: { aws: [{ region: "eu-west-1" }] }, resource };
}

/** One ECS service of `count` tasks running a 1 vCPU / 4 GB task definition. */
function fargateStack(service: Attrs, arch = "ARM64"): StackJson {
  return stack({
    aws_ecs_task_definition: {
      api_td: {
        cpu: "1024",
        memory: "4096",
        runtime_platform: { cpu_architecture: arch, operating_system_family: "LINUX" },
      },
    },
    aws_ecs_service: {
      api: {
        name: "api",
        task_definition: "${aws_ecs_task_definition.api_td.arn}",
        cluster: "${aws_ecs_cluster.main.arn}",
        ...service,
      },
    },
  });
}

/** The fixture's resources, to add more to it. */
function resourcesOf(s: StackJson): Record<string, Record<string, Attrs>> {
  s.resource ??= {};
  return s.resource;
}

const onDemand = { capacity_provider_strategy: [{ capacity_provider: "FARGATE", weight: 1 }] };
const spot = { capacity_provider_strategy: [{ capacity_provider: "FARGATE_SPOT", weight: 1 }] };

describe("Fargate", () => {
  it("prices 2 ARM tasks of 1 vCPU / 4 GB on-demand at 2 × (0.03238 + 4 × 0.00356) × 730", () => {
    const result = estimate(fargateStack({ desired_count: 2, ...onDemand }), prices, ASSUME);
    expect(result.items).toEqual([
      {
        component: "Fargate",
        what: "api: 2 tasks × 1 vCPU / 4 GB ARM64, on-demand",
        monthlyUsd: expect.closeTo(68.0652, 6),
      },
    ]);
    expect(result.total).toBeCloseTo(68.0652, 6);
  });

  it("prices the same tasks on X86_64 at the x86 rates: 2 × (0.04048 + 4 × 0.004445) × 730", () => {
    const result = estimate(
      fargateStack({ desired_count: 2, ...onDemand }, "X86_64"),
      prices,
      ASSUME,
    );
    expect(result.total).toBeCloseTo(85.0596, 6);
  });

  it("prices Spot tasks at the Spot rates: 2 × (0.010671 + 4 × 0.0011732) × 730", () => {
    const result = estimate(fargateStack({ desired_count: 2, ...spot }), prices, ASSUME);
    expect(result.items[0].what).toBe("api: 2 tasks × 1 vCPU / 4 GB ARM64, Spot");
    expect(result.total).toBeCloseTo(22.431148, 6);
  });

  it("places base tasks first, then shares the rest by weight", () => {
    const strategy = {
      capacity_provider_strategy: [
        { capacity_provider: "FARGATE", base: 1, weight: 1 },
        { capacity_provider: "FARGATE_SPOT", weight: 3 },
      ],
    };
    const result = estimate(fargateStack({ desired_count: 5, ...strategy }), prices, ASSUME);
    // 1 base + 1/4 of the other 4 on demand, 3 on Spot.
    expect(result.items[0].what).toBe("api: 5 tasks × 1 vCPU / 4 GB ARM64, 2 on-demand + 3 Spot");
    expect(result.total).toBeCloseTo(2 * 0.04662 * 730 + 3 * 0.0153638 * 730, 6);
  });

  it("uses the cluster's default strategy when the service has none", () => {
    const s = fargateStack({ desired_count: 1 });
    resourcesOf(s).aws_ecs_cluster = { main: { name: "main" } };
    resourcesOf(s).aws_ecs_cluster_capacity_providers = {
      cp: {
        cluster_name: "${aws_ecs_cluster.main.name}",
        default_capacity_provider_strategy: [{ capacity_provider: "FARGATE_SPOT", weight: 1 }],
      },
    };
    const fargate = estimate(s, prices, ASSUME).items.filter((i) => i.component === "Fargate");
    expect(fargate).toEqual([
      expect.objectContaining({ monthlyUsd: expect.closeTo(0.0153638 * 730, 6) }),
    ]);
  });

  it("prices an autoscaled service at desired_count and says so", () => {
    const s = fargateStack({ desired_count: 3, ...onDemand });
    resourcesOf(s).aws_appautoscaling_target = {
      t: { min_capacity: 3, max_capacity: 6, resource_id: "service/c/${aws_ecs_service.api.name}" },
    };
    const [item] = estimate(s, prices, ASSUME).items;
    expect(item.what).toBe(
      "api: 3 tasks × 1 vCPU / 4 GB ARM64, on-demand, autoscales 3-6, priced at its minimum",
    );
    expect(item.monthlyUsd).toBeCloseTo(3 * 0.04662 * 730, 6);
  });

  it("bills ephemeral storage above the free 20 GiB", () => {
    const s = fargateStack({ desired_count: 1, ...onDemand });
    resourcesOf(s).aws_ecs_task_definition.api_td.ephemeral_storage = { size_in_gib: 50 };
    expect(estimate(s, prices, ASSUME).total).toBeCloseTo((0.04662 + 30 * 0.000111) * 730, 6);
  });
});

describe("the data layer", () => {
  it("prices DocumentDB instances by class, and storage and I/O from the assumptions", () => {
    const result = estimate(
      stack({
        aws_docdb_cluster: { c: { cluster_identifier: "db", manage_master_user_password: true } },
        aws_docdb_cluster_instance: {
          i0: { cluster_identifier: "${aws_docdb_cluster.c.id}", instance_class: "db.r6g.large" },
          i1: { cluster_identifier: "${aws_docdb_cluster.c.id}", instance_class: "db.r6g.large" },
        },
      }),
      prices,
      ASSUME,
    );
    const totals = componentTotals(result);
    // 2 × 0.274 × 730 + 10 GB × 0.11 + 5 M × 0.22
    expect(totals.get("DocumentDB")).toBeCloseTo(400.04 + 1.1 + 1.1, 6);
    // The master user's secret that DocumentDB manages is billed like any other.
    expect(totals.get("Secrets Manager")).toBeCloseTo(0.4 + 0.05, 6);
  });

  it("prices OpenSearch data nodes, dedicated masters and gp3 per data node", () => {
    const result = estimate(
      stack({
        aws_opensearch_domain: {
          d: {
            domain_name: "search",
            cluster_config: {
              instance_type: "r7g.large.search",
              instance_count: 3,
              dedicated_master_enabled: true,
              dedicated_master_type: "m7g.large.search",
              dedicated_master_count: 3,
            },
            ebs_options: { ebs_enabled: true, volume_size: 200, volume_type: "gp3" },
          },
        },
      }),
      prices,
      ASSUME,
    );
    expect(result.items.map((i) => [i.what, Number(i.monthlyUsd.toFixed(6))])).toEqual([
      ["search: 3 r7g.large.search data nodes", 429.24],
      ["search: 3 m7g.large.search dedicated masters", 328.5],
      ["search: 600 GB gp3 (200 GB × 3 data nodes)", 80.4],
    ]);
  });
});

describe("the network", () => {
  it("prices NAT gateways, their Elastic IPs, interface endpoints per AZ and ALB public addresses", () => {
    const subnets = ["${aws_subnet.a.id}", "${aws_subnet.b.id}", "${aws_subnet.c.id}"];
    const result = estimate(
      stack({
        aws_nat_gateway: { n0: {}, n1: {} },
        aws_eip: { e0: { domain: "vpc" }, e1: { domain: "vpc" } },
        aws_lb: {
          public: { name: "pub", internal: false, load_balancer_type: "application", subnets },
          private: { name: "priv", internal: true, load_balancer_type: "application", subnets },
        },
        aws_vpc_endpoint: {
          s3: { vpc_endpoint_type: "Gateway" },
          logs: { vpc_endpoint_type: "Interface", subnet_ids: subnets },
          sts: { vpc_endpoint_type: "Interface", subnet_ids: subnets.slice(0, 2) },
        },
      }),
      prices,
      ASSUME,
    );
    const totals = componentTotals(result);
    expect(totals.get("NAT gateways")).toBeCloseTo(2 * 0.048 * 730 + 100 * 0.048, 6);
    // 2 Elastic IPs + one address per AZ of the internet-facing ALB.
    expect(totals.get("Public IPv4")).toBeCloseTo(5 * 0.005 * 730, 6);
    expect(totals.get("Load balancers")).toBeCloseTo(2 * (0.0252 + 0.008) * 730, 6);
    // 3 + 2 endpoint-AZs; the gateway endpoint is free.
    expect(totals.get("VPC endpoints")).toBeCloseTo(5 * 0.011 * 730 + 10 * 0.01, 6);
  });
});

describe("logs and the rest", () => {
  it("keeps each log group's share of the ingestion for its retention", () => {
    const result = estimate(
      stack({
        aws_cloudwatch_log_group: {
          a: { retention_in_days: 30 },
          b: { retention_in_days: 365 },
          c: {},
        },
      }),
      prices,
      ASSUME,
    );
    // 4 GB a month each: 30/30.4167 months + 12 months + 12 months (never expires) of it.
    const stored = 4 * (30 / (365 / 12) + 12 + 12);
    expect(result.items.map((i) => i.monthlyUsd)).toEqual([
      expect.closeTo(12 * 0.57, 6),
      expect.closeTo(stored * 0.03, 6),
    ]);
    expect(result.items[1].what).toBe(
      "99.9 GB kept at steady state (each group's share × its retention; 1 group never expires)",
    );
  });

  it("prices WAF per web ACL and rule, KMS keys, S3 storage and on-demand DynamoDB", () => {
    const rule = (name: string) => ({
      name,
      statement: { managed_rule_group_statement: { name, vendor_name: "AWS" } },
    });
    const totals = componentTotals(
      estimate(
        stack({
          aws_wafv2_web_acl: { acl: { name: "acl", rule: [rule("AWSManagedRulesCommonRuleSet")] } },
          aws_kms_key: { k1: {}, k2: {} },
          aws_s3_bucket: { b: {} },
          aws_dynamodb_table: {
            t: { billing_mode: "PAY_PER_REQUEST", point_in_time_recovery: { enabled: true } },
          },
        }),
        prices,
        ASSUME,
      ),
    );
    expect(totals.get("WAF")).toBeCloseTo(5 + 1 + 10 * 0.6, 6);
    expect(totals.get("KMS")).toBeCloseTo(2 + 2 * 0.03, 6);
    expect(totals.get("S3")).toBeCloseTo(100 * 0.023, 6);
    expect(totals.get("DynamoDB")).toBeCloseTo(0.7068 + 0.1414 + 0.283 + 0.226, 6);
  });

  it("prints only the assumptions an estimate used", () => {
    const result = estimate(stack({ aws_kms_key: { k: {} } }), prices, ASSUME);
    expect(result.assumptions).toEqual([
      { key: "kmsRequests", label: "KMS requests/month, all keys together", value: 20000 },
    ]);
  });
});

describe("what cannot be priced is reported, never dropped", () => {
  it("lists a type that is neither priced nor free", () => {
    const result = estimate(
      stack({ aws_instance: { web: {} }, aws_iam_role: { r: {} } }),
      prices,
      ASSUME,
    );
    expect(result.items).toEqual([]);
    expect(result.unpriced).toEqual([
      {
        type: "aws_instance",
        names: ["web"],
        reason: "no pricer for this type and it is not in the free-list",
      },
    ]);
  });

  it("lists a priced resource whose count Terraform decides, and a class without a price", () => {
    const result = estimate(
      stack({
        aws_nat_gateway: { n: { count: "${length(var.azs)}" } },
        aws_docdb_cluster: { c: {} },
        aws_docdb_cluster_instance: {
          i: { cluster_identifier: "${aws_docdb_cluster.c.id}", instance_class: "db.r5.24xlarge" },
        },
      }),
      prices,
      ASSUME,
    );
    expect(result.unpriced).toEqual([
      {
        type: "aws_docdb_cluster_instance",
        names: ["i"],
        reason: "no price for instance class db.r5.24xlarge",
      },
      {
        type: "aws_nat_gateway",
        names: ["n"],
        reason: "count or for_each: the number of instances is known only at plan",
      },
    ]);
    expect(result.items.some((i) => i.component === "NAT gateways")).toBe(false);
  });

  it("lists a service whose capacity provider is not Fargate", () => {
    const result = estimate(
      fargateStack({
        desired_count: 1,
        capacity_provider_strategy: [{ capacity_provider: "ec2-asg", weight: 1 }],
      }),
      prices,
      ASSUME,
    );
    expect(result.unpriced).toEqual([
      {
        type: "aws_ecs_service",
        names: ["api"],
        reason: "it runs on a capacity provider other than FARGATE or FARGATE_SPOT",
      },
    ]);
  });

  it("lists a WAF web ACL with a paid managed rule group", () => {
    const bot = {
      name: "bots",
      statement: {
        managed_rule_group_statement: {
          name: "AWSManagedRulesBotControlRuleSet",
          vendor_name: "AWS",
        },
      },
    };
    const result = estimate(stack({ aws_wafv2_web_acl: { acl: { rule: [bot] } } }), prices, ASSUME);
    expect(result.unpriced[0].reason).toBe(
      "paid managed rule groups (AWSManagedRulesBotControlRuleSet) are not priced",
    );
    expect(result.total).toBe(0);
  });
});
