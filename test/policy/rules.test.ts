import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTROL_IDS, evaluate, formatReport, planView, type PlanView } from "../../tools/policy";
import type { Resource, ResourceChange } from "../../tools/policy/plan-view";
import { planStack } from "../../tools/harness/plan-env";
import { synthAll } from "../../tools/harness/synth";
import { createOfflineRunner } from "../../tools/harness/terraform";

/**
 * Each control against a fixture that violates it and one that passes. The passing fixtures are
 * the real offline plans of prod and bootstrap; each violating fixture is that plan with the one
 * setting the control guards changed, so a rule is proven to see exactly what it claims to.
 */
const views: Record<"prod" | "bootstrap", PlanView> = {} as never;

beforeAll(async () => {
  const terraform = createOfflineRunner();
  const dirs = synthAll(join(mkdtempSync(join(tmpdir(), "gitana-policy-")), "cdktf.out"));
  await Promise.all(
    (["prod", "bootstrap"] as const).map(async (env) => {
      const { plan, stack } = await planStack(dirs[env], terraform);
      views[env] = planView(plan, stack);
    }),
  );
}, 300_000);

type Mutation = (view: PlanView) => void;

/** A deep copy of a view with `mutation` applied. */
function violate(view: PlanView, mutation: Mutation): PlanView {
  const copy = structuredClone(view) as PlanView;
  mutation(copy);
  return copy;
}
function find(view: PlanView, type: string, fragment = ""): Resource {
  const found = view.resources.find((r) => r.type === type && r.name.includes(fragment));
  if (!found) throw new Error(`fixture has no ${type} matching ${fragment}`);
  return found;
}
/** Sets attrs[path] (dotted) of the first resource of `type` matching `fragment`. */
const set =
  (type: string, fragment: string, path: string, value: unknown): Mutation =>
  (view) => {
    const keys = path.split(".");
    let target = find(view, type, fragment).attrs as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
    target[keys[keys.length - 1]] = value;
  };
const drop =
  (type: string, fragment = ""): Mutation =>
  (view) => {
    (view.resources as Resource[]).splice(view.resources.indexOf(find(view, type, fragment)), 1);
  };
/** Edits the container definitions of a task definition. */
const container =
  (service: string, edit: (containers: Record<string, unknown>[]) => void): Mutation =>
  (view) => {
    const task = find(view, "aws_ecs_task_definition", `compute_${service}_`);
    const list = JSON.parse(task.attrs.container_definitions as string) as Record<
      string,
      unknown
    >[];
    edit(list);
    task.attrs.container_definitions = JSON.stringify(list);
  };
/** Edits the statements of a policy document. */
const statements =
  (fragment: string, edit: (s: Record<string, unknown>[]) => void): Mutation =>
  (view) =>
    edit(
      find(view, "aws_iam_policy_document", fragment).attrs.statement as Record<string, unknown>[],
    );

const cases: [control: string, env: "prod" | "bootstrap", mutation: Mutation, why: string][] = [
  [
    "S3.8",
    "prod",
    set("aws_s3_bucket_public_access_block", "binaries", "restrict_public_buckets", false),
    "public access block leaves restrict_public_buckets off",
  ],
  [
    "S3.5",
    "prod",
    statements("binaries_policy-document", (s) => s.splice(0, 1)),
    "bucket policy does not deny aws:SecureTransport=false",
  ],
  ["S3.9", "prod", drop("aws_s3_bucket_logging", "binaries"), "has no server access logging"],
  [
    "S3.14",
    "prod",
    set("aws_s3_bucket_versioning", "binaries", "versioning_configuration", {
      status: "Suspended",
    }),
    "versioning is not Enabled",
  ],
  [
    "S3.17",
    "prod",
    set("aws_s3_bucket_server_side_encryption_configuration", "binaries", "rule", [
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]),
    "default encryption is AES256",
  ],
  [
    "Gitana.S3Lifecycle",
    "prod",
    set("aws_s3_bucket_lifecycle_configuration", "binaries", "rule", [
      { id: "x", status: "Enabled" },
    ]),
    "no enabled noncurrent-version expiration",
  ],
  [
    "DocumentDB.1",
    "prod",
    set("aws_docdb_cluster", "", "storage_encrypted", false),
    "storage is not encrypted with a customer key",
  ],
  [
    "DocumentDB.2",
    "prod",
    set("aws_docdb_cluster", "", "backup_retention_period", 1),
    "backup retention is 1 days",
  ],
  [
    "DocumentDB.4",
    "prod",
    set("aws_docdb_cluster", "", "enabled_cloudwatch_logs_exports", ["profiler"]),
    "audit logs are not exported",
  ],
  [
    "DocumentDB.5",
    "prod",
    set("aws_docdb_cluster", "", "deletion_protection", false),
    "deletion protection is off",
  ],
  [
    "Gitana.DocumentDBFinalSnapshot",
    "prod",
    set("aws_docdb_cluster", "", "skip_final_snapshot", true),
    "no final snapshot on delete",
  ],
  [
    "Gitana.DocumentDBTls",
    "prod",
    set("aws_docdb_cluster_parameter_group", "", "parameter", [{ name: "tls", value: "enabled" }]),
    "parameter group sets tls to enabled",
  ],
  [
    "Opensearch.1",
    "prod",
    set("aws_opensearch_domain", "", "encrypt_at_rest", { enabled: false }),
    "encryption at rest is off",
  ],
  [
    "Opensearch.2",
    "prod",
    set("aws_opensearch_domain", "", "vpc_options", {}),
    "the domain is not in a VPC",
  ],
  [
    "Opensearch.3",
    "prod",
    set("aws_opensearch_domain", "", "node_to_node_encryption", { enabled: false }),
    "node-to-node encryption is off",
  ],
  [
    "Opensearch.4",
    "prod",
    set("aws_opensearch_domain", "", "log_publishing_options", [
      { log_type: "AUDIT_LOGS", enabled: true },
    ]),
    "application (error) logs are not published",
  ],
  [
    "Opensearch.5",
    "prod",
    set("aws_opensearch_domain", "", "log_publishing_options", [
      { log_type: "ES_APPLICATION_LOGS", enabled: true },
    ]),
    "audit logs are not published",
  ],
  [
    "Opensearch.6",
    "prod",
    set("aws_opensearch_domain", "", "cluster_config.instance_count", 1),
    "1 data node(s), zone awareness on",
  ],
  [
    "Opensearch.7",
    "prod",
    set("aws_opensearch_domain", "", "advanced_security_options.enabled", false),
    "fine-grained access control is off",
  ],
  [
    "Opensearch.8",
    "prod",
    set("aws_opensearch_domain", "", "domain_endpoint_options", {
      enforce_https: true,
      tls_security_policy: "Policy-Min-TLS-1-0-2019-07",
    }),
    "TLS policy is Policy-Min-TLS-1-0-2019-07",
  ],
  [
    "ElastiCache.1",
    "prod",
    set("aws_elasticache_replication_group", "", "snapshot_retention_limit", 1),
    "snapshot retention is 1 days",
  ],
  [
    "ElastiCache.2",
    "prod",
    set("aws_elasticache_replication_group", "", "auto_minor_version_upgrade", "false"),
    "auto minor version upgrade is off",
  ],
  [
    "ElastiCache.3",
    "prod",
    set("aws_elasticache_replication_group", "", "automatic_failover_enabled", false),
    "automatic failover is off",
  ],
  [
    "ElastiCache.4",
    "prod",
    set("aws_elasticache_replication_group", "", "kms_key_id", undefined),
    "data at rest is not encrypted with a customer key",
  ],
  [
    "ElastiCache.5",
    "prod",
    set("aws_elasticache_replication_group", "", "transit_encryption_mode", "preferred"),
    "transit encryption mode is preferred: plain connections are accepted",
  ],
  [
    "ElastiCache.6",
    "prod",
    (view) => {
      set("aws_elasticache_replication_group", "", "engine", "redis")(view);
      set("aws_elasticache_replication_group", "", "engine_version", "5.0.6")(view);
    },
    "Redis OSS 5.0.6 without an AUTH token",
  ],
  [
    "ElastiCache.7",
    "prod",
    set("aws_elasticache_replication_group", "", "subnet_group_name", "default"),
    "it uses the default subnet group",
  ],
  [
    "SNS.1",
    "prod",
    set("aws_sns_topic", "messaging_topic", "kms_master_key_id", undefined),
    "no KMS key",
  ],
  [
    "SQS.1",
    "prod",
    set("aws_sqs_queue", "messaging_queue_", "kms_master_key_id", undefined),
    "no KMS key",
  ],
  [
    "Gitana.SqsDeadLetter",
    "prod",
    set("aws_sqs_queue", "messaging_queue_", "redrive_policy", undefined),
    "no redrive policy",
  ],
  [
    "Gitana.SqsSourceScoped",
    "prod",
    statements("messaging_queue-policy-document", (s) => delete s[0].condition),
    "queue policy does not limit senders by aws:SourceArn",
  ],
  [
    "ECS.2",
    "prod",
    set("aws_ecs_service", "compute_ui_", "network_configuration.assign_public_ip", true),
    "tasks get public IPs",
  ],
  [
    "ECS.4",
    "prod",
    container("ui", (c) => (c[1].privileged = true)),
    "cloudcms-ui-server: privileged",
  ],
  [
    "ECS.5",
    "prod",
    container("ui", (c) => delete c[1].dockerLabels),
    "cloudcms-ui-server: writable root filesystem without a stated reason",
  ],
  [
    "ECS.8",
    "prod",
    container("api", (c) =>
      (c[1].environment as unknown[]).push({ name: "DOCUMENTDB_PASSWORD", value: "x" }),
    ),
    "secret-looking environment variables DOCUMENTDB_PASSWORD",
  ],
  [
    "ECS.9",
    "prod",
    container("av", (c) => delete c[0].logConfiguration),
    "cloudcms-antivirus-server: no log configuration",
  ],
  [
    "ECS.12",
    "prod",
    set("aws_ecs_cluster", "", "setting", [{ name: "containerInsights", value: "disabled" }]),
    "Container Insights is off",
  ],
  [
    "Gitana.EcsCircuitBreaker",
    "prod",
    set("aws_ecs_service", "compute_api_", "deployment_circuit_breaker", {
      enable: true,
      rollback: false,
    }),
    "no circuit breaker with rollback",
  ],
  [
    "Gitana.TasksBehindTheirAlb",
    "prod",
    set(
      "aws_vpc_security_group_ingress_rule",
      "compute_api_from-api-lb",
      "cidr_ipv4",
      "10.0.0.0/8",
    ),
    "admits 10.0.0.0/8",
  ],
  [
    "ELB.1",
    "prod",
    set("aws_lb_listener", "api-lb_http-redirect", "default_action", [{ type: "forward" }]),
    "1 HTTP listener(s) serve traffic instead of redirecting to HTTPS",
  ],
  [
    "ELB.4",
    "prod",
    set("aws_lb", "api-lb", "drop_invalid_header_fields", false),
    "invalid header fields are passed on",
  ],
  [
    "ELB.5",
    "prod",
    set("aws_lb", "api-lb", "access_logs", { enabled: false }),
    "access logs are off",
  ],
  [
    "ELB.6",
    "prod",
    set("aws_lb", "api-lb", "enable_deletion_protection", false),
    "deletion protection is off",
  ],
  [
    "ELB.12",
    "prod",
    set("aws_lb", "api-lb", "desync_mitigation_mode", "monitor"),
    "desync mitigation is monitor",
  ],
  [
    "Gitana.AlbTls",
    "prod",
    set("aws_lb_listener", "api-lb_https", "ssl_policy", "ELBSecurityPolicy-2016-08"),
    "TLS policy ELBSecurityPolicy-2016-08",
  ],
  [
    "EC2.2",
    "prod",
    set("aws_default_security_group", "", "ingress", [{ from_port: 0 }]),
    "the default security group has rules",
  ],
  ["EC2.6", "prod", drop("aws_flow_log"), "no flow log of all traffic"],
  [
    "EC2.15",
    "prod",
    set("aws_subnet", "public-subnet-eu-west-1a", "map_public_ip_on_launch", true),
    "assigns public IPs on launch",
  ],
  [
    "Gitana.S3GatewayEndpoint",
    "prod",
    drop("aws_vpc_endpoint", "s3-gateway"),
    "no S3 gateway endpoint",
  ],
  [
    "Gitana.NoInternetIngress",
    "prod",
    set("aws_vpc_security_group_ingress_rule", "interface-endpoints", "cidr_ipv4", "0.0.0.0/0"),
    "admits the internet on 443-443",
  ],
  [
    "Gitana.LegacyIngress",
    "prod",
    set("aws_security_group", "documentdb", "ingress", [{ from_port: 27017 }]),
    "carry ingress rules the checks cannot see",
  ],
  [
    "IAM.1",
    "prod",
    statements("node-role_search-http-document", (s) => (s[0].actions = ["es:*"])),
    "wildcard action es:*",
  ],
  [
    "CloudWatch.16",
    "prod",
    set("aws_cloudwatch_log_group", "compute_ui_", "retention_in_days", 90),
    "retention is 90 days",
  ],
  [
    "Gitana.LogGroupKms",
    "prod",
    set("aws_cloudwatch_log_group", "compute_ui_", "kms_key_id", undefined),
    "no KMS key",
  ],
  [
    "StepFunctions.1",
    "prod",
    set("aws_sfn_state_machine", "", "logging_configuration", [{ level: "OFF" }]),
    "execution logging is off",
  ],
  [
    "KMS.4",
    "prod",
    set("aws_kms_key", "data-key", "enable_key_rotation", false),
    "automatic rotation is off",
  ],
  [
    "Gitana.PreventDestroy",
    "prod",
    (v) =>
      ((
        find(v, "aws_opensearch_domain").lifecycle as { prevent_destroy?: boolean }
      ).prevent_destroy = false),
    "a plan may destroy it (no prevent_destroy)",
  ],
  [
    "Gitana.ChangeSafety",
    "prod",
    (v) =>
      (v.changes as ResourceChange[]).push({
        address: find(v, "aws_docdb_cluster").address,
        type: "aws_docdb_cluster",
        actions: ["delete", "create"],
        replacePaths: ["master_username"],
      }),
    "would be replaced: changing master_username forces it",
  ],
  [
    "Gitana.RecoveryWindow",
    "prod",
    set("aws_secretsmanager_secret", "", "recovery_window_in_days", 0),
    "recovery_window_in_days is 0",
  ],
  [
    "Gitana.NoPublicPlainHttp",
    "prod",
    set("aws_lb_listener", "api-lb_http-redirect-listener", "default_action", [
      { type: "forward", target_group_arn: "${aws_lb_target_group.api.arn}" },
    ]),
    "serves plain HTTP (no certificate) to 0.0.0.0/0",
  ],
  [
    "Gitana.RecoveryWindow",
    "prod",
    set("aws_kms_key", "data-key", "deletion_window_in_days", 7),
    "deletion_window_in_days is 7",
  ],
  [
    "DynamoDB.2",
    "bootstrap",
    set("aws_dynamodb_table", "", "point_in_time_recovery", { enabled: false }),
    "point-in-time recovery is off",
  ],
  [
    "DynamoDB.6",
    "bootstrap",
    set("aws_dynamodb_table", "", "deletion_protection_enabled", false),
    "deletion protection is off",
  ],
  [
    "Gitana.NoSecretValues",
    "prod",
    set("aws_s3_object", "container-properties", "content", "admin.password=changeme"),
    'holds "changeme"',
  ],
  // Ways around a control that it must still catch.
  [
    "ElastiCache.4",
    "prod",
    set("aws_elasticache_replication_group", "", "at_rest_encryption_enabled", "false"),
    "data at rest is not encrypted with a customer key",
  ],
  [
    "ElastiCache.5",
    "prod",
    set("aws_elasticache_replication_group", "", "transit_encryption_enabled", false),
    "encryption in transit is off",
  ],
  [
    "Gitana.NoSecretValues",
    "prod",
    set("aws_elasticache_replication_group", "", "auth_token", "a-token-in-state"),
    "sets auth_token",
  ],
  [
    "Gitana.S3Lifecycle",
    "prod",
    (view) => {
      const lifecycle = find(view, "aws_s3_bucket_lifecycle_configuration", "binaries");
      (lifecycle.attrs.rule as Record<string, unknown>[])[0].status = "Disabled";
    },
    "no enabled noncurrent-version expiration",
  ],
  [
    "Gitana.NoInternetIngress",
    "prod",
    set("aws_vpc_security_group_ingress_rule", "interface-endpoints", "cidr_ipv4", "0.0.0.0/1"),
    "admits the internet on 443-443",
  ],
  [
    "Gitana.LegacyIngress",
    "prod",
    (view) =>
      (view.resources as Resource[]).push({
        address: "aws_security_group_rule.extra",
        mode: "managed",
        type: "aws_security_group_rule",
        name: "extra",
        attrs: { type: "ingress", from_port: 22 },
        lifecycle: {},
      }),
    "aws_security_group_rule.extra carry ingress rules the checks cannot see",
  ],
  [
    "IAM.1",
    "prod",
    statements("node-role_search-http-document", (s) => (s[0].not_actions = ["iam:*"])),
    "Allow with not_actions",
  ],
  [
    "IAM.1",
    "prod",
    statements(
      "node-role_notifications-publish-document",
      (s) => (s[0].resources = ["arn:aws:sns:eu-west-1:111122223333:*"]),
    ),
    'sns:Publish on "*"',
  ],
];

/** Controls a plan can support but not prove: they need a step after apply. */
const AFTER_APPLY = ["Opensearch.5"];

describe("security baseline rules", () => {
  test("every control has a violating fixture below", () => {
    expect([...new Set(cases.map(([control]) => control))].sort()).toEqual([...CONTROL_IDS].sort());
  });

  test.each(cases)(
    "%s passes on the %s plan and fails when its setting is broken",
    (control, env, mutation, why) => {
      const passing = evaluate(views[env]).filter((r) => r.control === control);
      expect(passing.length).toBeGreaterThan(0);
      const best = AFTER_APPLY.includes(control) ? "MANUAL" : "PASS";
      expect(passing.filter((r) => r.status !== best)).toEqual([]);
      const failing = evaluate(violate(views[env], mutation)).filter(
        (r) => r.control === control && r.status === "FAIL",
      );
      expect(failing.length).toBeGreaterThan(0);
      expect(failing.filter((r) => !r.why.includes(why))).toEqual([]);
    },
  );
});

describe("controls no plan can prove", () => {
  test("Opensearch.5 never passes on publishing alone: it is MANUAL, naming the step after apply", () => {
    const audit = evaluate(views.prod).filter((r) => r.control === "Opensearch.5");
    expect(audit).toEqual([
      expect.objectContaining({
        status: "MANUAL",
        why: "audit logs published to CloudWatch; after apply: enable them with the security plugin's audit API (docs/security.md, OpenSearch audit logs)",
      }),
    ]);
  });

  test("a MANUAL control does not fail the check, and the report counts it above the summary", () => {
    const results = evaluate(views.prod);
    expect(results.filter((r) => r.status === "FAIL")).toEqual([]);
    expect(formatReport("prod", results)).toMatch(
      /\n1 need a step after apply that no plan can show \(MANUAL, see why\)\n\d+ passed, 0 suppressed, 0 failed$/,
    );
  });
});

describe("suppressions", () => {
  const broken = () =>
    violate(views.prod, set("aws_lb", "api-lb", "enable_deletion_protection", false));

  test("a suppressed failure is reported with its reason and does not fail the check", () => {
    const results = evaluate(broken(), [
      { control: "ELB.6", reason: "a load balancer we replace weekly" },
    ]);
    const elb6 = results.filter((r) => r.control === "ELB.6" && r.status !== "PASS");
    expect(elb6).toEqual([
      expect.objectContaining({
        status: "SUPPRESSED",
        why: "deletion protection is off (suppressed: a load balancer we replace weekly)",
      }),
    ]);
    expect(results.filter((r) => r.status === "FAIL")).toEqual([]);
  });

  test("a suppression limited to a construct path leaves the others failing", () => {
    const both = violate(broken(), set("aws_lb", "ui-lb", "enable_deletion_protection", false));
    const results = evaluate(both, [
      {
        control: "ELB.6",
        reason: "the api balancer is replaced weekly",
        resource: "gitana/compute/api-lb",
      },
    ]);
    expect(
      results.filter((r) => r.control === "ELB.6" && r.status === "FAIL").map((r) => r.resource),
    ).toEqual([expect.stringContaining("ui-lb")]);
  });

  describe("a suppression's resource matches at a construct path boundary, never by substring", () => {
    // Both services' log groups keep too few days once retention is cut; only api is suppressed.
    const shortLogs = () =>
      violate(views.prod, (view) => {
        set("aws_cloudwatch_log_group", "compute_api_log-group", "retention_in_days", 30)(view);
        set(
          "aws_cloudwatch_log_group",
          "compute_api-worker_log-group",
          "retention_in_days",
          30,
        )(view);
      });
    const failing = (resource: string) =>
      evaluate(shortLogs(), [
        { control: "CloudWatch.16", reason: "api logs are shipped elsewhere", resource },
      ])
        .filter((r) => r.control === "CloudWatch.16" && r.status === "FAIL")
        .map((r) => r.resource);

    test("gitana/compute/api covers api's log group but not api-worker's", () => {
      expect(failing("gitana/compute/api")).toEqual([
        expect.stringContaining("compute_api-worker_log-group"),
      ]);
    });

    test("the construct path of the resource itself covers only it", () => {
      expect(failing("gitana/compute/api/log-group")).toEqual([
        expect.stringContaining("compute_api-worker_log-group"),
      ]);
    });

    test("an exact address covers only that resource", () => {
      const address = find(views.prod, "aws_cloudwatch_log_group", "compute_api_log-group").address;
      expect(failing(address)).toEqual([expect.stringContaining("compute_api-worker_log-group")]);
    });

    test.each(["compute_api", "gitana/compute/ap"])(
      "a fragment of an address or path (%s) covers nothing, and fails as stale",
      (fragment) => {
        const results = failing(fragment);
        expect(results).toHaveLength(3);
        expect(results).toEqual(
          expect.arrayContaining([
            expect.stringContaining("compute_api_log-group"),
            expect.stringContaining("compute_api-worker_log-group"),
            fragment,
          ]),
        );
      },
    );
  });

  test("a suppression that matches no failure fails the check, so stale ones are removed", () => {
    const results = evaluate(views.prod, [
      { control: "ELB.6", reason: "left over from a migration" },
    ]);
    expect(results.filter((r) => r.status === "FAIL")).toEqual([
      expect.objectContaining({
        control: "ELB.6",
        why: "the env suppresses this control but nothing fails it: remove the suppression",
      }),
    ]);
  });

  test("the report is a table with a summary line", () => {
    const report = formatReport("prod", evaluate(views.prod));
    expect(report.split("\n").slice(0, 2)).toEqual([
      'Security baseline of env "prod"',
      expect.stringMatching(/^control +resource +status +why$/),
    ]);
    expect(report).toMatch(/\n\d+ passed, 0 suppressed, 0 failed$/);
  });
});
