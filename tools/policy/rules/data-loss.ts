import { ofType, type PlanView } from "../plan-view";
import { perResource, stackWide, type Rule } from "../rule";
import { STATEFUL_TYPES } from "../../../facts/stateful";

/** String values that are never legitimate in this estate's configuration. */
const PLACEHOLDER =
  /\{(accountId|queueId|accessKey|secretKey|region|bucketName)\}|changeme|REPLACE_ME|YOUR_AWS_|AKIA[0-9A-Z]{16}/;
/** Arguments that would put a secret into Terraform state. */
const SECRET_ARGUMENTS = [
  "secret_string",
  "secret_binary",
  "master_password",
  "password",
  "access_key",
  "secret_key",
  "auth_token",
];

/** Days a deleted secret or key can be restored: the most both services allow. */
const RECOVERY_WINDOW_DAYS = 30;

const stateful = (view: PlanView) =>
  view.resources.filter((r) => r.mode === "managed" && STATEFUL_TYPES.includes(r.type));

export const dataLossRules: Rule[] = [
  perResource(
    "Gitana.PreventDestroy",
    "Stateful resources carry prevent_destroy",
    stateful,
    (r) =>
      r.lifecycle.prevent_destroy === true
        ? undefined
        : "a plan may destroy it (no prevent_destroy)",
    "prevent_destroy",
  ),
  perResource(
    "Gitana.RecoveryWindow",
    "Deleted secrets and KMS keys stay recoverable for 30 days",
    (v) => [...ofType(v, "aws_secretsmanager_secret"), ...ofType(v, "aws_kms_key")],
    (r) => {
      const argument =
        r.type === "aws_kms_key" ? "deletion_window_in_days" : "recovery_window_in_days";
      // Both default to 30 days in AWS when unset.
      const days = Number(r.attrs[argument] ?? RECOVERY_WINDOW_DAYS);
      return days >= RECOVERY_WINDOW_DAYS
        ? undefined
        : `${argument} is ${days}: a deletion cannot be undone after that`;
    },
    `recoverable for ${RECOVERY_WINDOW_DAYS} days after deletion`,
  ),
  perResource(
    "DynamoDB.2",
    "DynamoDB tables have point-in-time recovery",
    (v) => ofType(v, "aws_dynamodb_table"),
    (t) => {
      const pitr = t.attrs.point_in_time_recovery as Record<string, unknown> | undefined;
      return pitr?.enabled === true ? undefined : "point-in-time recovery is off";
    },
    "point-in-time recovery on",
  ),
  perResource(
    "DynamoDB.6",
    "DynamoDB tables have deletion protection",
    (v) => ofType(v, "aws_dynamodb_table"),
    (t) =>
      t.attrs.deletion_protection_enabled === true ? undefined : "deletion protection is off",
    "deletion protection on",
  ),
  stackWide(
    "Gitana.NoSecretValues",
    "No secret value or placeholder anywhere in the plan",
    (view) => {
      const problems: string[] = [];
      for (const resource of view.resources) {
        for (const argument of SECRET_ARGUMENTS) {
          if (
            resource.mode === "managed" &&
            typeof resource.attrs[argument] === "string" &&
            resource.attrs[argument] !== ""
          ) {
            problems.push(`${resource.address} sets ${argument}`);
          }
        }
        const placeholder = PLACEHOLDER.exec(JSON.stringify(resource.attrs));
        if (placeholder) problems.push(`${resource.address} holds "${placeholder[0]}"`);
      }
      return problems.length ? problems.join("; ") : undefined;
    },
    "no secret argument set, no placeholder string",
  ),
];
