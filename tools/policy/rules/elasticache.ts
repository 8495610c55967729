import { ofType, type PlanView } from "../plan-view";
import { keepsAtLeastDays, perResource, type Rule } from "../rule";

/**
 * AWS Foundational Security Best Practices for ElastiCache (Valkey and Redis OSS replication
 * groups). The provider takes some booleans as strings ("true"), so both spellings count.
 */
const groups = (view: PlanView) => ofType(view, "aws_elasticache_replication_group");
const isTrue = (value: unknown) => value === true || value === "true";

/** `major.minor` of an engine version string, e.g. 5.0.6 → [5, 0]. */
function majorMinor(version: unknown): [number, number] {
  const [major, minor] = String(version ?? "")
    .split(".")
    .map(Number);
  return [major || 0, minor || 0];
}

export const elastiCacheRules: Rule[] = [
  perResource(
    "ElastiCache.1",
    "ElastiCache keeps at least 7 days of automatic backups",
    groups,
    keepsAtLeastDays("snapshot_retention_limit", 0, 7, "snapshot retention"),
    "snapshots kept 7 days or more",
  ),
  perResource(
    "ElastiCache.2",
    "ElastiCache applies minor engine upgrades automatically",
    groups,
    (g) =>
      isTrue(g.attrs.auto_minor_version_upgrade) ? undefined : "auto minor version upgrade is off",
    "auto minor version upgrade on",
  ),
  perResource(
    "ElastiCache.3",
    "ElastiCache replication groups fail over automatically",
    groups,
    (g) => (isTrue(g.attrs.automatic_failover_enabled) ? undefined : "automatic failover is off"),
    "automatic failover on",
  ),
  perResource(
    "ElastiCache.4",
    "ElastiCache encrypts data at rest with a KMS key",
    groups,
    (g) =>
      isTrue(g.attrs.at_rest_encryption_enabled) && g.attrs.kms_key_id
        ? undefined
        : "data at rest is not encrypted with a customer key",
    "encrypted at rest with a KMS key",
  ),
  perResource(
    "ElastiCache.5",
    "ElastiCache requires TLS in transit",
    groups,
    (g) => {
      if (!isTrue(g.attrs.transit_encryption_enabled)) return "encryption in transit is off";
      // "preferred" also accepts plain connections (a migration state).
      return g.attrs.transit_encryption_mode === "preferred"
        ? "transit encryption mode is preferred: plain connections are accepted"
        : undefined;
    },
    "TLS required in transit",
  ),
  perResource(
    "ElastiCache.6",
    "Redis OSS before 6.0 has an AUTH token",
    groups,
    (g) => {
      const [major] = majorMinor(g.attrs.engine_version);
      // Valkey, and Redis OSS 6.0 on, authenticate with RBAC user groups or not at all by
      // choice; the control is about Redis OSS versions that have only AUTH.
      if (g.attrs.engine !== "redis" || major >= 6) return undefined;
      return g.attrs.auth_token
        ? undefined
        : `Redis OSS ${String(g.attrs.engine_version)} without an AUTH token`;
    },
    "an AUTH token, or not Redis OSS before 6.0 (where the control applies)",
  ),
  perResource(
    "ElastiCache.7",
    "ElastiCache is not in the default subnet group",
    groups,
    (g) =>
      g.attrs.subnet_group_name && g.attrs.subnet_group_name !== "default"
        ? undefined
        : "it uses the default subnet group",
    "in a subnet group of its own",
  ),
];
