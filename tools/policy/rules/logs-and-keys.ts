import { block, ofType } from "../plan-view";
import { perResource, type Rule } from "../rule";

/** The baseline keeps a year of logs (CloudWatch's nearest period above, 400 days, is what prod keeps). */
export const MINIMUM_LOG_RETENTION_DAYS = 365;

export const logsAndKeysRules: Rule[] = [
  perResource(
    "CloudWatch.16",
    "Log groups keep logs at least a year",
    (v) => ofType(v, "aws_cloudwatch_log_group"),
    (g) => {
      const days = Number(g.attrs.retention_in_days ?? 0);
      if (days === 0) return "logs are kept forever without a retention decision";
      return days >= MINIMUM_LOG_RETENTION_DAYS ? undefined : `retention is ${days} days`;
    },
    `retention of ${MINIMUM_LOG_RETENTION_DAYS} days or more`,
  ),
  perResource(
    "Gitana.LogGroupKms",
    "Log groups are encrypted with KMS",
    (v) => ofType(v, "aws_cloudwatch_log_group"),
    (g) => (g.attrs.kms_key_id ? undefined : "no KMS key"),
    "encrypted with a KMS key",
  ),
  perResource(
    "StepFunctions.1",
    "Step Functions state machines log their executions",
    (v) => ofType(v, "aws_sfn_state_machine"),
    (m) => {
      const level = block(m.attrs, "logging_configuration")?.level ?? "OFF";
      return level === "OFF" ? "execution logging is off" : undefined;
    },
    "execution logging on",
  ),
  perResource(
    "KMS.4",
    "KMS keys rotate",
    (v) => ofType(v, "aws_kms_key"),
    (k) => (k.attrs.enable_key_rotation === true ? undefined : "automatic rotation is off"),
    "yearly rotation on",
  ),
];
