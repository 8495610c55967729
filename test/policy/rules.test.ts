import { CONTROL_IDS, evaluate, RULES, type PlanView } from "../../policy";
import type { PlannedResource } from "../../policy/plan-view";
import { WRITABLE_ROOT_REASON_LABEL } from "../../modules/ecs/container-definitions";
import { planOfChanges, policyDocument, ref, resource, view } from "./fixtures";

/**
 * Every control against the smallest plan views that pass and fail it: the resources the rule
 * reads, with the one setting it guards. The offline plans of the shipped envs pass them all
 * (test/plan/terraform-plan.test.ts runs the check on each).
 */
type Fixture = [description: string, fixture: () => PlanView];
type Violation = [description: string, fixture: () => PlanView, why: string];
interface Control {
  readonly passes: Fixture[];
  readonly fails: Violation[];
}

// ---- S3: a bucket and the companion resource the control reads.
const bucket = resource("aws_s3_bucket", "binaries");
const logBucket = resource("aws_s3_bucket", "logs");
const onBucket = (type: string, attrs: Record<string, unknown>, target = bucket) =>
  resource(type, `${target.name}_${type}`, { bucket: ref(target), ...attrs });
const publicAccessBlock = (restrictPublicBuckets: boolean) =>
  onBucket("aws_s3_bucket_public_access_block", {
    block_public_acls: true,
    block_public_policy: true,
    ignore_public_acls: true,
    restrict_public_buckets: restrictPublicBuckets,
  });
const tlsOnlyPolicy = (variable: string) => {
  const document = policyDocument("binaries_policy", [
    { effect: "Deny", condition: [{ test: "Bool", variable, values: ["false"] }] },
  ]);
  return [document, onBucket("aws_s3_bucket_policy", { policy: `\${${document.address}.json}` })];
};
const logsTo = (target: PlannedResource) =>
  onBucket("aws_s3_bucket_logging", { target_bucket: ref(target) });
const encryption = (algorithm: string, target = bucket) =>
  onBucket(
    "aws_s3_bucket_server_side_encryption_configuration",
    { rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: algorithm } }] },
    target,
  );
const lifecycle = (rule: Record<string, unknown>) =>
  onBucket("aws_s3_bucket_lifecycle_configuration", { rule: [rule] });
const expiringRule = {
  status: "Enabled",
  noncurrent_version_expiration: { noncurrent_days: 30 },
  abort_incomplete_multipart_upload: { days_after_initiation: 7 },
};
const albLoggingTo = (target: PlannedResource) =>
  resource("aws_lb", "api-lb", { access_logs: { bucket: ref(target), enabled: true } });

// ---- Data stores and caches: one resource, its settings.
const docdb = (attrs: Record<string, unknown>) => view(resource("aws_docdb_cluster", "db", attrs));
const docdbWithTls = (tls: string) => {
  const group = resource("aws_docdb_cluster_parameter_group", "tls", {
    parameter: [{ name: "tls", value: tls }],
  });
  return view(
    group,
    resource("aws_docdb_cluster", "db", { db_cluster_parameter_group_name: ref(group, "name") }),
  );
};
const domain = (attrs: Record<string, unknown>) =>
  view(resource("aws_opensearch_domain", "search", attrs));
const cache = (attrs: Record<string, unknown>) =>
  view(resource("aws_elasticache_replication_group", "sessions", attrs));

// ---- Messaging.
const topic = resource("aws_sns_topic", "notifications", { kms_master_key_id: "alias/k" });
const queue = (attrs: Record<string, unknown> = {}) => resource("aws_sqs_queue", "queue", attrs);
const subscribedQueue = (statement: Record<string, unknown>) => {
  const q = queue();
  const document = policyDocument("queue_policy", [statement]);
  return view(
    topic,
    q,
    document,
    resource("aws_sns_topic_subscription", "sub", { endpoint: ref(q, "arn") }),
    resource("aws_sqs_queue_policy", "policy", {
      queue_url: ref(q, "url"),
      policy: `\${${document.address}.json}`,
    }),
  );
};

// ---- ECS.
const task = (...containers: Record<string, unknown>[]) =>
  view(
    resource("aws_ecs_task_definition", "api", {
      container_definitions: JSON.stringify(containers),
    }),
  );
const container = (extra: Record<string, unknown> = {}) => ({
  name: "cloudcms-api-server",
  readonlyRootFilesystem: true,
  environment: [{ name: "CLOUDCMS_APPSERVER_MODE", value: "production" }],
  logConfiguration: { logDriver: "awslogs" },
  ...extra,
});
const service = (attrs: Record<string, unknown>) => view(resource("aws_ecs_service", "api", attrs));
const serviceAdmitting = (source: Record<string, unknown>) => {
  const group = resource("aws_security_group", "api");
  return view(
    group,
    resource("aws_ecs_service", "api", {
      network_configuration: { security_groups: [ref(group)] },
    }),
    resource("aws_vpc_security_group_ingress_rule", "api_in", {
      security_group_id: ref(group),
      ...source,
    }),
  );
};

// ---- Load balancers: an ALB, its group open to the internet, and a listener.
const alb = (attrs: Record<string, unknown> = {}) =>
  resource("aws_lb", "api-lb", { load_balancer_type: "application", ...attrs });
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

// ---- Network.
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

// ---- IAM: a role policy and its document.
const rolePolicy = (statement: Record<string, unknown>) => {
  const document = policyDocument("task_policy", [statement]);
  return view(
    document,
    resource("aws_iam_role_policy", "task", { policy: `\${${document.address}.json}` }),
  );
};
const QUEUE_ARN = "arn:aws:sqs:eu-west-1:111122223333:gitana-prod-queue";

const logGroup = (attrs: Record<string, unknown>) =>
  view(resource("aws_cloudwatch_log_group", "api", attrs));
const key = (attrs: Record<string, unknown>) => view(resource("aws_kms_key", "data", attrs));
const table = (attrs: Record<string, unknown>) =>
  view(resource("aws_dynamodb_table", "locks", attrs));

const controls: Record<string, Control> = {
  "S3.8": {
    passes: [
      ["all four public access block settings on", () => view(bucket, publicAccessBlock(true))],
    ],
    fails: [
      [
        "restrict_public_buckets off",
        () => view(bucket, publicAccessBlock(false)),
        "public access block leaves restrict_public_buckets off",
      ],
      ["no public access block", () => view(bucket), "has no public access block"],
    ],
  },
  "S3.5": {
    passes: [
      [
        "a policy denying aws:SecureTransport=false",
        () => view(bucket, ...tlsOnlyPolicy("aws:SecureTransport")),
      ],
    ],
    fails: [
      [
        "a deny on another condition",
        () => view(bucket, ...tlsOnlyPolicy("aws:SourceVpce")),
        "bucket policy does not deny aws:SecureTransport=false",
      ],
      [
        "no bucket policy",
        () => view(bucket),
        "bucket policy does not deny aws:SecureTransport=false",
      ],
    ],
  },
  "S3.9": {
    passes: [
      [
        "server access logging into the log bucket",
        () => view(bucket, logBucket, logsTo(logBucket)),
      ],
      ["the ALB's access log bucket itself", () => view(logBucket, albLoggingTo(logBucket))],
    ],
    fails: [["no server access logging", () => view(bucket), "has no server access logging"]],
  },
  "S3.14": {
    passes: [
      [
        "versioning Enabled",
        () =>
          view(
            bucket,
            onBucket("aws_s3_bucket_versioning", {
              versioning_configuration: { status: "Enabled" },
            }),
          ),
      ],
    ],
    fails: [
      [
        "versioning Suspended",
        () =>
          view(
            bucket,
            onBucket("aws_s3_bucket_versioning", {
              versioning_configuration: { status: "Suspended" },
            }),
          ),
        "versioning is not Enabled",
      ],
    ],
  },
  "S3.17": {
    passes: [
      ["SSE-KMS", () => view(bucket, encryption("aws:kms"))],
      [
        "SSE-S3 on a bucket that receives access logs",
        () => view(logBucket, encryption("AES256", logBucket), albLoggingTo(logBucket)),
      ],
    ],
    fails: [
      [
        "SSE-S3 on a data bucket",
        () => view(bucket, encryption("AES256")),
        "default encryption is AES256",
      ],
      ["no encryption configuration", () => view(bucket), "default encryption is not configured"],
    ],
  },
  "Gitana.S3Lifecycle": {
    passes: [
      [
        "noncurrent versions and incomplete uploads expire",
        () => view(bucket, lifecycle(expiringRule)),
      ],
    ],
    fails: [
      [
        "no noncurrent-version expiration",
        () =>
          view(
            bucket,
            lifecycle({
              status: "Enabled",
              abort_incomplete_multipart_upload: { days_after_initiation: 7 },
            }),
          ),
        "no enabled noncurrent-version expiration",
      ],
      [
        "the expiring rule Disabled",
        () => view(bucket, lifecycle({ ...expiringRule, status: "Disabled" })),
        "no enabled noncurrent-version expiration",
      ],
      [
        "incomplete uploads kept",
        () =>
          view(
            bucket,
            lifecycle({
              status: "Enabled",
              noncurrent_version_expiration: { noncurrent_days: 30 },
            }),
          ),
        "incomplete uploads never abort",
      ],
    ],
  },
  "DocumentDB.1": {
    passes: [
      [
        "encrypted with a KMS key",
        () => docdb({ storage_encrypted: true, kms_key_id: "${aws_kms_key.data.arn}" }),
      ],
    ],
    fails: [
      [
        "storage not encrypted",
        () => docdb({ storage_encrypted: false, kms_key_id: "${aws_kms_key.data.arn}" }),
        "storage is not encrypted with a customer key",
      ],
      [
        "encrypted with the AWS-managed key",
        () => docdb({ storage_encrypted: true }),
        "storage is not encrypted with a customer key",
      ],
    ],
  },
  "DocumentDB.2": {
    passes: [["7 days of backups", () => docdb({ backup_retention_period: 7 })]],
    fails: [
      [
        "1 day of backups",
        () => docdb({ backup_retention_period: 1 }),
        "backup retention is 1 days",
      ],
      ["retention unset (AWS keeps 1 day)", () => docdb({}), "backup retention is 1 days"],
    ],
  },
  "DocumentDB.4": {
    passes: [
      [
        "audit logs exported",
        () => docdb({ enabled_cloudwatch_logs_exports: ["audit", "profiler"] }),
      ],
    ],
    fails: [
      [
        "only profiler logs exported",
        () => docdb({ enabled_cloudwatch_logs_exports: ["profiler"] }),
        "audit logs are not exported",
      ],
    ],
  },
  "DocumentDB.5": {
    passes: [["deletion protection on", () => docdb({ deletion_protection: true })]],
    fails: [
      [
        "deletion protection off",
        () => docdb({ deletion_protection: false }),
        "deletion protection is off",
      ],
    ],
  },
  "Gitana.DocumentDBFinalSnapshot": {
    passes: [
      [
        "a named final snapshot",
        () => docdb({ skip_final_snapshot: false, final_snapshot_identifier: "gitana-prod-final" }),
      ],
    ],
    fails: [
      [
        "final snapshot skipped",
        () => docdb({ skip_final_snapshot: true, final_snapshot_identifier: "gitana-prod-final" }),
        "no final snapshot on delete",
      ],
      [
        "no snapshot identifier",
        () => docdb({ skip_final_snapshot: false }),
        "no final snapshot on delete",
      ],
    ],
  },
  "Gitana.DocumentDBTls": {
    passes: [
      ["parameter group requires tls1.2+", () => docdbWithTls("tls1.2+")],
      ["parameter group requires tls1.3+", () => docdbWithTls("tls1.3+")],
    ],
    fails: [
      [
        "parameter group sets tls enabled (TLS 1.0 accepted)",
        () => docdbWithTls("enabled"),
        "parameter group sets tls to enabled",
      ],
      ["no parameter group", () => docdb({}), "parameter group sets tls to its default"],
    ],
  },
  "Opensearch.1": {
    passes: [["encrypted at rest", () => domain({ encrypt_at_rest: { enabled: true } })]],
    fails: [
      [
        "encryption at rest off",
        () => domain({ encrypt_at_rest: { enabled: false } }),
        "encryption at rest is off",
      ],
    ],
  },
  "Opensearch.2": {
    passes: [
      ["in VPC subnets", () => domain({ vpc_options: { subnet_ids: ["${aws_subnet.data.id}"] } })],
    ],
    fails: [["no VPC options", () => domain({ vpc_options: {} }), "the domain is not in a VPC"]],
  },
  "Opensearch.3": {
    passes: [
      ["node-to-node encryption on", () => domain({ node_to_node_encryption: { enabled: true } })],
    ],
    fails: [
      [
        "node-to-node encryption off",
        () => domain({ node_to_node_encryption: { enabled: false } }),
        "node-to-node encryption is off",
      ],
    ],
  },
  "Opensearch.4": {
    passes: [
      [
        "application logs published",
        () =>
          domain({ log_publishing_options: [{ log_type: "ES_APPLICATION_LOGS", enabled: true }] }),
      ],
    ],
    fails: [
      [
        "only audit logs published",
        () => domain({ log_publishing_options: [{ log_type: "AUDIT_LOGS", enabled: true }] }),
        "application (error) logs are not published",
      ],
      [
        "application logs configured but disabled",
        () =>
          domain({ log_publishing_options: [{ log_type: "ES_APPLICATION_LOGS", enabled: false }] }),
        "application (error) logs are not published",
      ],
    ],
  },
  "Opensearch.5": {
    passes: [
      [
        "audit logs published (MANUAL: enabling them takes a step after apply)",
        () => domain({ log_publishing_options: { log_type: "AUDIT_LOGS" } }),
      ],
    ],
    fails: [
      [
        "only application logs published",
        () =>
          domain({ log_publishing_options: [{ log_type: "ES_APPLICATION_LOGS", enabled: true }] }),
        "audit logs are not published",
      ],
    ],
  },
  "Opensearch.6": {
    passes: [
      [
        "three data nodes across zones",
        () => domain({ cluster_config: { instance_count: 3, zone_awareness_enabled: true } }),
      ],
    ],
    fails: [
      [
        "one data node",
        () => domain({ cluster_config: { instance_count: 1, zone_awareness_enabled: true } }),
        "1 data node(s), zone awareness on",
      ],
      [
        "three nodes without zone awareness",
        () => domain({ cluster_config: { instance_count: 3 } }),
        "3 data node(s), zone awareness off",
      ],
    ],
  },
  "Opensearch.7": {
    passes: [
      [
        "fine-grained access control on",
        () => domain({ advanced_security_options: { enabled: true } }),
      ],
    ],
    fails: [
      [
        "fine-grained access control off",
        () => domain({ advanced_security_options: { enabled: false } }),
        "fine-grained access control is off",
      ],
    ],
  },
  "Opensearch.8": {
    passes: [
      [
        "HTTPS with a TLS 1.2 policy",
        () =>
          domain({
            domain_endpoint_options: {
              enforce_https: true,
              tls_security_policy: "Policy-Min-TLS-1-2-PFS-2023-10",
            },
          }),
      ],
    ],
    fails: [
      [
        "a TLS 1.0 policy",
        () =>
          domain({
            domain_endpoint_options: {
              enforce_https: true,
              tls_security_policy: "Policy-Min-TLS-1-0-2019-07",
            },
          }),
        "TLS policy is Policy-Min-TLS-1-0-2019-07",
      ],
      [
        "HTTPS not enforced",
        () => domain({ domain_endpoint_options: { enforce_https: false } }),
        "HTTPS is not enforced",
      ],
    ],
  },
  "ElastiCache.1": {
    passes: [["7 days of snapshots", () => cache({ snapshot_retention_limit: 7 })]],
    fails: [
      [
        "1 day of snapshots",
        () => cache({ snapshot_retention_limit: 1 }),
        "snapshot retention is 1 days",
      ],
    ],
  },
  "ElastiCache.2": {
    passes: [
      [
        "auto minor version upgrade, as the provider's string",
        () => cache({ auto_minor_version_upgrade: "true" }),
      ],
    ],
    fails: [
      [
        "auto minor version upgrade off",
        () => cache({ auto_minor_version_upgrade: "false" }),
        "auto minor version upgrade is off",
      ],
    ],
  },
  "ElastiCache.3": {
    passes: [["automatic failover on", () => cache({ automatic_failover_enabled: true })]],
    fails: [
      [
        "automatic failover off",
        () => cache({ automatic_failover_enabled: false }),
        "automatic failover is off",
      ],
    ],
  },
  "ElastiCache.4": {
    passes: [
      [
        "encrypted at rest with a KMS key",
        () => cache({ at_rest_encryption_enabled: "true", kms_key_id: "${aws_kms_key.data.arn}" }),
      ],
    ],
    fails: [
      [
        "no KMS key",
        () => cache({ at_rest_encryption_enabled: "true" }),
        "data at rest is not encrypted with a customer key",
      ],
      [
        "a KMS key with at-rest encryption off",
        () => cache({ at_rest_encryption_enabled: "false", kms_key_id: "${aws_kms_key.data.arn}" }),
        "data at rest is not encrypted with a customer key",
      ],
    ],
  },
  "ElastiCache.5": {
    passes: [
      [
        "TLS required",
        () => cache({ transit_encryption_enabled: true, transit_encryption_mode: "required" }),
      ],
    ],
    fails: [
      [
        "transit mode preferred",
        () => cache({ transit_encryption_enabled: true, transit_encryption_mode: "preferred" }),
        "transit encryption mode is preferred: plain connections are accepted",
      ],
      [
        "transit encryption off",
        () => cache({ transit_encryption_enabled: false }),
        "encryption in transit is off",
      ],
    ],
  },
  "ElastiCache.6": {
    passes: [
      [
        "Valkey, which authenticates otherwise",
        () => cache({ engine: "valkey", engine_version: "8.0" }),
      ],
      [
        "Redis OSS 5 with an AUTH token",
        () => cache({ engine: "redis", engine_version: "5.0.6", auth_token: "${var.token}" }),
      ],
    ],
    fails: [
      [
        "Redis OSS 5 without an AUTH token",
        () => cache({ engine: "redis", engine_version: "5.0.6" }),
        "Redis OSS 5.0.6 without an AUTH token",
      ],
    ],
  },
  "ElastiCache.7": {
    passes: [
      [
        "a subnet group of its own",
        () => cache({ subnet_group_name: "${aws_elasticache_subnet_group.sessions.name}" }),
      ],
    ],
    fails: [
      [
        "the default subnet group",
        () => cache({ subnet_group_name: "default" }),
        "it uses the default subnet group",
      ],
    ],
  },
  "SNS.1": {
    passes: [["a KMS key", () => view(topic)]],
    fails: [["no KMS key", () => view(resource("aws_sns_topic", "t")), "no KMS key"]],
  },
  "SQS.1": {
    passes: [["a KMS key", () => view(queue({ kms_master_key_id: "alias/k" }))]],
    fails: [["no KMS key", () => view(queue()), "no KMS key"]],
  },
  "Gitana.SqsDeadLetter": {
    passes: [
      ["a redrive policy", () => view(queue({ redrive_policy: '{"maxReceiveCount":5}' }))],
      [
        "the dead-letter queue itself",
        () => {
          const dlq = resource("aws_sqs_queue", "dlq");
          return view(
            dlq,
            queue({ redrive_policy: `{"deadLetterTargetArn":"${ref(dlq, "arn")}"}` }),
          );
        },
      ],
    ],
    fails: [["no redrive policy", () => view(queue()), "no redrive policy"]],
  },
  "Gitana.SqsSourceScoped": {
    passes: [
      [
        "the queue policy names the topic in aws:SourceArn",
        () =>
          subscribedQueue({
            effect: "Allow",
            condition: [
              { test: "ArnEquals", variable: "aws:SourceArn", values: [ref(topic, "arn")] },
            ],
          }),
      ],
    ],
    fails: [
      [
        "the queue policy admits any sender",
        () => subscribedQueue({ effect: "Allow" }),
        "queue policy does not limit senders by aws:SourceArn",
      ],
    ],
  },
  "ECS.2": {
    passes: [
      ["no public IPs", () => service({ network_configuration: { assign_public_ip: false } })],
    ],
    fails: [
      [
        "public IPs",
        () => service({ network_configuration: { assign_public_ip: true } }),
        "tasks get public IPs",
      ],
    ],
  },
  "ECS.4": {
    passes: [["no privileged container", () => task(container())]],
    fails: [
      [
        "a privileged container",
        () => task(container({ privileged: true })),
        "cloudcms-api-server: privileged",
      ],
    ],
  },
  "ECS.5": {
    passes: [
      ["a read-only root filesystem", () => task(container())],
      [
        "a writable one with a stated reason",
        () =>
          task(
            container({
              readonlyRootFilesystem: false,
              dockerLabels: { [WRITABLE_ROOT_REASON_LABEL]: "writes its cache under /var" },
            }),
          ),
      ],
    ],
    fails: [
      [
        "a writable one without a reason",
        () => task(container({ readonlyRootFilesystem: false })),
        "cloudcms-api-server: writable root filesystem without a stated reason",
      ],
    ],
  },
  "ECS.8": {
    passes: [["only ordinary environment variables", () => task(container())]],
    fails: [
      [
        "a password in the environment",
        () => task(container({ environment: [{ name: "DOCUMENTDB_PASSWORD", value: "x" }] })),
        "secret-looking environment variables DOCUMENTDB_PASSWORD",
      ],
    ],
  },
  "ECS.9": {
    passes: [["a log driver", () => task(container())]],
    fails: [
      [
        "no log configuration",
        () => task(container({ logConfiguration: undefined })),
        "cloudcms-api-server: no log configuration",
      ],
      [
        "unreadable container definitions",
        () =>
          view(resource("aws_ecs_task_definition", "api", { container_definitions: "not json" })),
        "container definitions could not be read",
      ],
    ],
  },
  "ECS.12": {
    passes: [
      [
        "Container Insights enabled",
        () =>
          view(
            resource("aws_ecs_cluster", "c", {
              setting: [{ name: "containerInsights", value: "enabled" }],
            }),
          ),
      ],
    ],
    fails: [
      [
        "Container Insights disabled",
        () =>
          view(
            resource("aws_ecs_cluster", "c", {
              setting: [{ name: "containerInsights", value: "disabled" }],
            }),
          ),
        "Container Insights is off",
      ],
    ],
  },
  "Gitana.EcsCircuitBreaker": {
    passes: [
      [
        "a circuit breaker with rollback",
        () => service({ deployment_circuit_breaker: { enable: true, rollback: true } }),
      ],
    ],
    fails: [
      [
        "a circuit breaker without rollback",
        () => service({ deployment_circuit_breaker: { enable: true, rollback: false } }),
        "no circuit breaker with rollback",
      ],
    ],
  },
  "Gitana.TasksBehindTheirAlb": {
    passes: [
      [
        "ingress from the load balancer's group",
        () => serviceAdmitting({ referenced_security_group_id: "${aws_security_group.api-lb.id}" }),
      ],
    ],
    fails: [
      [
        "ingress from a CIDR",
        () => serviceAdmitting({ cidr_ipv4: "10.0.0.0/8" }),
        "admits 10.0.0.0/8",
      ],
    ],
  },
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
  "IAM.1": {
    passes: [
      [
        "named actions on a named queue",
        () =>
          rolePolicy({ effect: "Allow", actions: ["sqs:ReceiveMessage"], resources: [QUEUE_ARN] }),
      ],
      [
        'an action AWS authorizes only on "*"',
        () =>
          rolePolicy({ effect: "Allow", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] }),
      ],
      [
        "a Deny with a wildcard",
        () => rolePolicy({ effect: "Deny", actions: ["s3:*"], resources: ["*"] }),
      ],
    ],
    fails: [
      [
        "a wildcard action",
        () => rolePolicy({ effect: "Allow", actions: ["es:*"], resources: [QUEUE_ARN] }),
        "wildcard action es:*",
      ],
      [
        "not_actions in an Allow",
        () => rolePolicy({ effect: "Allow", not_actions: ["iam:*"], resources: [QUEUE_ARN] }),
        "Allow with not_actions",
      ],
      [
        "every topic of the account",
        () =>
          rolePolicy({
            effect: "Allow",
            actions: ["sns:Publish"],
            resources: ["arn:aws:sns:eu-west-1:111122223333:*"],
          }),
        'sns:Publish on "*"',
      ],
      [
        "an unreadable document",
        () => view(resource("aws_iam_role_policy", "task", { policy: "{}" })),
        "the policy document could not be read",
      ],
    ],
  },
  "CloudWatch.16": {
    passes: [["400 days", () => logGroup({ retention_in_days: 400 })]],
    fails: [
      ["90 days", () => logGroup({ retention_in_days: 90 }), "retention is 90 days"],
      ["kept forever", () => logGroup({}), "logs are kept forever without a retention decision"],
    ],
  },
  "Gitana.LogGroupKms": {
    passes: [["a KMS key", () => logGroup({ kms_key_id: "${aws_kms_key.logs.arn}" })]],
    fails: [["no KMS key", () => logGroup({}), "no KMS key"]],
  },
  "StepFunctions.1": {
    passes: [
      [
        "execution logging at ERROR",
        () =>
          view(
            resource("aws_sfn_state_machine", "m", { logging_configuration: { level: "ERROR" } }),
          ),
      ],
    ],
    fails: [
      [
        "execution logging OFF",
        () =>
          view(
            resource("aws_sfn_state_machine", "m", { logging_configuration: [{ level: "OFF" }] }),
          ),
        "execution logging is off",
      ],
    ],
  },
  "KMS.4": {
    passes: [["rotation on", () => key({ enable_key_rotation: true })]],
    fails: [
      ["rotation off", () => key({ enable_key_rotation: false }), "automatic rotation is off"],
    ],
  },
  "Gitana.PreventDestroy": {
    passes: [
      [
        "prevent_destroy on a domain",
        () => view(resource("aws_opensearch_domain", "search", {}, { preventDestroy: true })),
      ],
    ],
    fails: [
      [
        "a domain without prevent_destroy",
        () => view(resource("aws_opensearch_domain", "search", {}, { preventDestroy: false })),
        "a plan may destroy it (no prevent_destroy)",
      ],
    ],
  },
  "Gitana.RecoveryWindow": {
    passes: [
      ["a key with the 30-day window", () => key({ deletion_window_in_days: 30 })],
      [
        "a secret left at AWS's 30-day default",
        () => view(resource("aws_secretsmanager_secret", "s")),
      ],
    ],
    fails: [
      [
        "a secret deleted at once",
        () => view(resource("aws_secretsmanager_secret", "s", { recovery_window_in_days: 0 })),
        "recovery_window_in_days is 0",
      ],
      [
        "a key deleted after 7 days",
        () => key({ deletion_window_in_days: 7 }),
        "deletion_window_in_days is 7",
      ],
    ],
  },
  "DynamoDB.2": {
    passes: [
      ["point-in-time recovery on", () => table({ point_in_time_recovery: { enabled: true } })],
    ],
    fails: [
      [
        "point-in-time recovery off",
        () => table({ point_in_time_recovery: { enabled: false } }),
        "point-in-time recovery is off",
      ],
    ],
  },
  "DynamoDB.6": {
    passes: [["deletion protection on", () => table({ deletion_protection_enabled: true })]],
    fails: [
      [
        "deletion protection off",
        () => table({ deletion_protection_enabled: false }),
        "deletion protection is off",
      ],
    ],
  },
  "Gitana.NoSecretValues": {
    passes: [
      [
        "a secret without its value, a reference to it",
        () =>
          view(
            resource("aws_secretsmanager_secret", "s"),
            resource("aws_s3_object", "props", { content: "password=${DB_PASSWORD}" }),
          ),
      ],
    ],
    fails: [
      [
        "a placeholder value",
        () => view(resource("aws_s3_object", "props", { content: "admin.password=changeme" })),
        'aws_s3_object.props holds "changeme"',
      ],
      [
        "an auth token in state",
        () => cache({ auth_token: "a-token-in-state" }),
        "aws_elasticache_replication_group.sessions sets auth_token",
      ],
      [
        "an access key id",
        () => view(resource("aws_s3_object", "env", { content: "AKIAABCDEFGHIJKLMNOP" })),
        'holds "AKIAABCDEFGHIJKLMNOP"',
      ],
    ],
  },
  "Gitana.ChangeSafety": {
    passes: [
      [
        "an in-place update of a protected cluster",
        () =>
          planOfChanges([resource("aws_docdb_cluster", "db", {}, { preventDestroy: true })], {
            address: "aws_docdb_cluster.db",
            type: "aws_docdb_cluster",
            actions: ["update"],
            replacePaths: [],
          }),
      ],
    ],
    fails: [
      [
        "a protected cluster replaced",
        () =>
          planOfChanges([resource("aws_docdb_cluster", "db", {}, { preventDestroy: true })], {
            address: "aws_docdb_cluster.db",
            type: "aws_docdb_cluster",
            actions: ["delete", "create"],
            replacePaths: ["master_username"],
          }),
        "would be replaced: changing master_username forces it",
      ],
    ],
  },
};

/** Controls a plan can support but not prove: their best outcome is MANUAL, not PASS. */
const AFTER_APPLY = ["Opensearch.5"];

const resultsOf = (control: string, fixture: PlanView) =>
  evaluate(
    fixture,
    [],
    RULES.filter((rule) => rule.id === control),
  );
const entries = Object.entries(controls);

describe("security baseline rules", () => {
  test("every control has at least one compliant and one non-compliant fixture", () => {
    expect(Object.keys(controls).sort()).toEqual([...CONTROL_IDS].sort());
    expect(entries.filter(([, c]) => c.passes.length === 0 || c.fails.length === 0)).toEqual([]);
  });

  test.each(
    entries.flatMap(([id, c]) => c.passes.map(([what, fixture]) => [id, what, fixture] as const)),
  )("%s passes: %s", (control, _, fixture) => {
    const results = resultsOf(control, fixture());
    expect(results.length).toBeGreaterThan(0);
    const best = AFTER_APPLY.includes(control) ? "MANUAL" : "PASS";
    expect(results.filter((r) => r.status !== best)).toEqual([]);
  });

  test.each(
    entries.flatMap(([id, c]) =>
      c.fails.map(([what, fixture, why]) => [id, what, fixture, why] as const),
    ),
  )("%s fails: %s", (control, _, fixture, why) => {
    const results = resultsOf(control, fixture());
    expect(results.filter((r) => r.status === "FAIL").map((r) => r.why)).toEqual([
      expect.stringContaining(why),
    ]);
  });
});
