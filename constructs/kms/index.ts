import { Construct } from "constructs";
import { addressUnder } from "../core/moved";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { accountRootArn, arn, type AwsEnv } from "../core/aws-env";
import type { PolicyStatement } from "../core/grants";

export interface EncryptionKeyProps {
  readonly aws: AwsEnv;
  /** Alias name without the `alias/` prefix, e.g. `gitana-prod-logs`. */
  readonly alias: string;
  /** What the key protects, shown in the console. */
  readonly description: string;
  /**
   * Statements letting AWS services (or named roles) use the key, beside the delegation to IAM of
   * this account;
   * see `cloudWatchLogsAccess`, `snsAccessForEncryptedQueues`, `cloudWatchAlarmsAccess` and
   * `eventBridgeAccess`.
   * @default - none: only IAM principals of this account, through their own policies
   */
  readonly serviceAccess?: PolicyStatement[];
  /**
   * Days KMS waits before deleting the key once scheduled, a window to undo a mistake.
   * @default 30 (the maximum)
   */
  readonly deletionWindowInDays?: number;
  /** Terraform `prevent_destroy`: a plan that would delete the key fails. @default false */
  readonly preventDestroy?: boolean;
}

/**
 * A customer-managed KMS key with yearly rotation and an alias. Its policy delegates to IAM in
 * this account (so grants are IAM statements) and adds only the service access asked for.
 */
export class EncryptionKey extends Construct {
  readonly key: KmsKey;
  readonly keyArn: string;
  readonly keyId: string;
  readonly aliasName: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const deletionWindowInDays = props.deletionWindowInDays ?? 30;
    if (
      !Number.isInteger(deletionWindowInDays) ||
      deletionWindowInDays < 7 ||
      deletionWindowInDays > 30
    ) {
      throw new Error(
        `${this.node.path}: deletionWindowInDays ${deletionWindowInDays} is not allowed; KMS accepts 7 to 30 days`,
      );
    }

    const statements: PolicyStatement[] = [
      {
        sid: "EnableIamPoliciesOfThisAccount",
        actions: ["kms:*"],
        resources: ["*"],
        principals: [{ type: "AWS", identifiers: [accountRootArn(props.aws)] }],
      },
      ...(props.serviceAccess ?? []),
    ];

    const policy = new DataAwsIamPolicyDocument(this, "policy", { statement: statements });
    this.key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays,
      policy: policy.json,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
    this.aliasName = `alias/${props.alias}`;
    new KmsAlias(this, "alias", { name: this.aliasName, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;
    this.keyId = this.key.keyId;
  }

  /** The addresses of what an EncryptionKey with construct id `id` under `scope` creates. */
  static addressesUnder(scope: Construct, id: string): string[] {
    return [
      addressUnder(scope, "aws_kms_key", id, "key"),
      addressUnder(scope, "aws_kms_alias", id, "alias"),
    ];
  }
}

/** CloudWatch Logs may use the key for log groups of this account and region only. */
export function cloudWatchLogsAccess(aws: AwsEnv): PolicyStatement {
  return {
    sid: "AllowCloudWatchLogsOfThisAccountAndRegion",
    actions: [
      "kms:Encrypt*",
      "kms:Decrypt*",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:Describe*",
    ],
    resources: ["*"],
    principals: [{ type: "Service", identifiers: [`logs.${aws.region}.amazonaws.com`] }],
    condition: [
      {
        test: "ArnLike",
        variable: "kms:EncryptionContext:aws:logs:arn",
        values: [arn(aws, "logs", "log-group:*")],
      },
    ],
  };
}

/**
 * CloudWatch alarms of this account may publish to SNS topics encrypted with this key: without
 * it, an alarm fires and nobody hears of it.
 */
export function cloudWatchAlarmsAccess(aws: AwsEnv): PolicyStatement {
  return envelopeUseForThisAccount(aws, "AllowCloudWatchAlarmsOfThisAccountToNotify", {
    principal: "cloudwatch.amazonaws.com",
    sourceArn: arn(aws, "cloudwatch", "alarm:*"),
  });
}

/**
 * EventBridge rules may publish to SNS topics encrypted with this key. Unconditioned because AWS
 * documents that EventBridge's KMS requests carry no aws:SourceAccount or aws:SourceArn: a
 * condition on them would drop every event. The topic policy names the one rule that may publish.
 */
export function eventBridgeAccess(): PolicyStatement {
  return {
    sid: "AllowEventBridgeToNotifyEncryptedTopics",
    actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
    resources: ["*"],
    principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
  };
}

/**
 * SNS may encrypt messages it delivers into SQS queues encrypted with this key, for topics of
 * this account only: without it, an encrypted queue silently drops every notification.
 */
export function snsAccessForEncryptedQueues(aws: AwsEnv): PolicyStatement {
  return envelopeUseForThisAccount(aws, "AllowSnsOfThisAccountToEncryptIntoQueues", {
    principal: "sns.amazonaws.com",
    sourceArn: arn(aws, "sns", "*"),
  });
}

/** Data keys for a service principal, acting for this account's resources matching `sourceArn`. */
function envelopeUseForThisAccount(
  aws: AwsEnv,
  sid: string,
  service: { principal: string; sourceArn: string },
): PolicyStatement {
  return {
    sid,
    actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
    resources: ["*"],
    principals: [{ type: "Service", identifiers: [service.principal] }],
    condition: [
      { test: "StringEquals", variable: "aws:SourceAccount", values: [aws.accountId] },
      { test: "ArnLike", variable: "aws:SourceArn", values: [service.sourceArn] },
    ],
  };
}
