import type { Control } from "./control";
import { resource, view, ref } from "../fixtures";

/** DocumentDB and OpenSearch: one cluster or domain, with the setting each control guards. */
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

export const dataStoreControls: Record<string, Control> = {
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
};
