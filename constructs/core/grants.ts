import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";

/** One IAM policy statement, in the shape of `aws_iam_policy_document`. */
export type PolicyStatement = DataAwsIamPolicyDocumentStatement;

/**
 * Something permissions can be granted to: an IAM role. Owners of resources (a bucket, a queue, a
 * domain) write the statements for their own resources and hand them over with a policy name
 * that says what the grant is for, AWS-CDK style: `bucket.grantRead(role)`.
 */
export interface Grantable {
  readonly roleArn: string;
  readonly roleName: string;
  /** Attaches `statements` as the inline policy `policyName` (unique per role). */
  addToPolicy(policyName: string, statements: PolicyStatement[]): void;
}

/**
 * Use of a KMS key, only on behalf of one AWS service (`kms:ViaService`): a role that may
 * decrypt S3 objects with the data key cannot use that key directly for anything else.
 */
export function kmsViaServiceStatement(
  sid: string,
  keyArn: string,
  actions: string[],
  service: string,
  region: string,
): PolicyStatement {
  return {
    sid,
    actions,
    resources: [keyArn],
    condition: [
      {
        test: "StringEquals",
        variable: "kms:ViaService",
        values: [`${service}.${region}.amazonaws.com`],
      },
    ],
  };
}

/**
 * A resource-policy statement that denies every principal every `service:*` action on
 * `resources` when a condition holds, e.g. requests without TLS. A Deny beats any Allow.
 */
export function denyAllWhen(
  sid: string,
  service: string,
  resources: string[],
  condition: { test: string; variable: string; value: string },
): PolicyStatement {
  return {
    sid,
    effect: "Deny",
    actions: [`${service}:*`],
    resources,
    principals: [{ type: "*", identifiers: ["*"] }],
    condition: [{ test: condition.test, variable: condition.variable, values: [condition.value] }],
  };
}

/** Deny requests that do not use TLS (`aws:SecureTransport` false). */
export const WITHOUT_TLS = { test: "Bool", variable: "aws:SecureTransport", value: "false" };
