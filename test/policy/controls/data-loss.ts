import type { Control } from "./control";
import { resource, view, cache, key } from "../fixtures";

/** Stateful resources, recovery windows, DynamoDB tables and secret values. */
const table = (attrs: Record<string, unknown>) =>
  view(resource("aws_dynamodb_table", "locks", attrs));

export const dataLossControls: Record<string, Control> = {
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
};
