import type { Control } from "./control";
import { cache } from "../fixtures";

/** ElastiCache replication groups: one group, with the setting each control guards. */
export const elastiCacheControls: Record<string, Control> = {
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
};
