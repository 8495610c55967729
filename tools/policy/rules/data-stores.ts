import { block, ofType, refersTo, type PlanView } from "../plan-view";
import { keepsAtLeastDays, perResource, type Rule } from "../rule";

const clusters = (view: PlanView) => ofType(view, "aws_docdb_cluster");
const domains = (view: PlanView) => ofType(view, "aws_opensearch_domain");
const logTypes = (attrs: Record<string, unknown>) => {
  const options = attrs.log_publishing_options;
  const list = Array.isArray(options) ? options : options ? [options] : [];
  return (list as Record<string, unknown>[])
    .filter((o) => o.enabled !== false)
    .map((o) => o.log_type);
};

export const dataStoreRules: Rule[] = [
  perResource(
    "DocumentDB.1",
    "DocumentDB storage is encrypted with KMS",
    clusters,
    (c) =>
      c.attrs.storage_encrypted === true && c.attrs.kms_key_id
        ? undefined
        : "storage is not encrypted with a customer key",
    "encrypted with a KMS key",
  ),
  perResource(
    "DocumentDB.2",
    "DocumentDB keeps at least 7 days of backups",
    clusters,
    keepsAtLeastDays("backup_retention_period", 1, 7, "backup retention"),
    "backups kept 7 days or more",
  ),
  perResource(
    "DocumentDB.4",
    "DocumentDB exports audit logs",
    clusters,
    (c) =>
      ((c.attrs.enabled_cloudwatch_logs_exports as string[] | undefined) ?? []).includes("audit")
        ? undefined
        : "audit logs are not exported",
    "audit logs exported to CloudWatch",
  ),
  perResource(
    "DocumentDB.5",
    "DocumentDB has deletion protection",
    clusters,
    (c) => (c.attrs.deletion_protection === true ? undefined : "deletion protection is off"),
    "deletion protection on",
  ),
  perResource(
    "Gitana.DocumentDBFinalSnapshot",
    "DocumentDB takes a final snapshot when deleted",
    clusters,
    (c) =>
      c.attrs.skip_final_snapshot === false && c.attrs.final_snapshot_identifier
        ? undefined
        : "no final snapshot on delete",
    "final snapshot on delete",
  ),
  perResource(
    "Gitana.DocumentDBTls",
    "DocumentDB requires TLS 1.2 or later",
    clusters,
    (c, view) => {
      const group = ofType(view, "aws_docdb_cluster_parameter_group").find((g) =>
        refersTo(c.attrs.db_cluster_parameter_group_name, g),
      );
      const tls = (group?.attrs.parameter as Record<string, unknown>[] | undefined)?.find(
        (p) => p.name === "tls",
      )?.value;
      return tls === "tls1.2+" || tls === "tls1.3+"
        ? undefined
        : `parameter group sets tls to ${String(tls ?? "its default")}`;
    },
    "parameter group requires TLS 1.2+",
  ),
  perResource(
    "Opensearch.1",
    "OpenSearch encrypts data at rest",
    domains,
    (d) =>
      block(d.attrs, "encrypt_at_rest")?.enabled === true ? undefined : "encryption at rest is off",
    "encrypted at rest",
  ),
  perResource(
    "Opensearch.2",
    "OpenSearch domains are in a VPC",
    domains,
    (d) =>
      ((block(d.attrs, "vpc_options")?.subnet_ids as unknown[] | undefined) ?? []).length > 0
        ? undefined
        : "the domain is not in a VPC",
    "inside the VPC",
  ),
  perResource(
    "Opensearch.3",
    "OpenSearch encrypts node-to-node traffic",
    domains,
    (d) =>
      block(d.attrs, "node_to_node_encryption")?.enabled === true
        ? undefined
        : "node-to-node encryption is off",
    "node-to-node encryption on",
  ),
  perResource(
    "Opensearch.4",
    "OpenSearch publishes error logs",
    domains,
    (d) =>
      logTypes(d.attrs).includes("ES_APPLICATION_LOGS")
        ? undefined
        : "application (error) logs are not published",
    "error logs published",
  ),
  // Publishing is only the first of two steps: OpenSearch writes audit logs once they are enabled
  // through the security plugin (AWS OpenSearch Service developer guide, "Monitoring audit logs":
  // "Enabling audit logs is a two-step process"), which no Terraform plan can show.
  perResource(
    "Opensearch.5",
    "OpenSearch publishes audit logs",
    domains,
    (d) => (logTypes(d.attrs).includes("AUDIT_LOGS") ? undefined : "audit logs are not published"),
    "audit logs published to CloudWatch",
    "enable them with the security plugin's audit API (docs/security.md, OpenSearch audit logs)",
  ),
  perResource(
    "Opensearch.6",
    "OpenSearch has at least three data nodes across zones",
    domains,
    (d) => {
      const cluster = block(d.attrs, "cluster_config") ?? {};
      return Number(cluster.instance_count ?? 1) >= 3 && cluster.zone_awareness_enabled === true
        ? undefined
        : `${String(cluster.instance_count ?? 1)} data node(s), zone awareness ${cluster.zone_awareness_enabled === true ? "on" : "off"}`;
    },
    "three or more data nodes with zone awareness",
  ),
  perResource(
    "Opensearch.7",
    "OpenSearch has fine-grained access control",
    domains,
    (d) =>
      block(d.attrs, "advanced_security_options")?.enabled === true
        ? undefined
        : "fine-grained access control is off",
    "fine-grained access control on",
  ),
  perResource(
    "Opensearch.8",
    "OpenSearch enforces HTTPS with TLS 1.2+",
    domains,
    (d) => {
      const endpoint = block(d.attrs, "domain_endpoint_options") ?? {};
      if (endpoint.enforce_https !== true) return "HTTPS is not enforced";
      return String(endpoint.tls_security_policy ?? "").startsWith("Policy-Min-TLS-1-2")
        ? undefined
        : `TLS policy is ${String(endpoint.tls_security_policy)}`;
    },
    "HTTPS only, TLS 1.2+",
  ),
];
