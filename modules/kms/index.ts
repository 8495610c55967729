import { Construct } from "constructs";
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { accountRootArn, arn, type AwsEnv } from "../core/aws-env";

export interface EncryptionKeyProps {
  readonly aws: AwsEnv;
  /** Alias name without the `alias/` prefix, e.g. `gitana-prod-logs`. */
  readonly alias: string;
  /** What the key protects, shown in the console. */
  readonly description: string;
  /**
   * Let CloudWatch Logs in this account and region use the key for log groups. The grant is
   * limited by the encryption context to log groups of this account and region.
   * @default false
   */
  readonly allowCloudWatchLogs?: boolean;
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

    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: "EnableIamPoliciesOfThisAccount",
        actions: ["kms:*"],
        resources: ["*"],
        principals: [{ type: "AWS", identifiers: [accountRootArn(props.aws)] }],
      },
    ];
    if (props.allowCloudWatchLogs) statements.push(cloudWatchLogsStatement(props.aws));

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
}

function cloudWatchLogsStatement(aws: AwsEnv): DataAwsIamPolicyDocumentStatement {
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
