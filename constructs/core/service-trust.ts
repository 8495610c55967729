import type { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import type { AwsEnv } from "./aws-env";

/**
 * The trust policy of a role an AWS service assumes on this account's behalf, with the
 * confused-deputy guard: only that service, acting for this account (`aws:SourceAccount`) and
 * for the resources matching `sourceArn`, may assume it. Returns the policy JSON.
 */
export function serviceTrustPolicy(
  scope: Construct,
  id: string,
  aws: AwsEnv,
  service: string,
  sourceArn: string,
): string {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: [
      {
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: [service] }],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [aws.accountId] },
          { test: "ArnLike", variable: "aws:SourceArn", values: [sourceArn] },
        ],
      },
    ],
  }).json;
}
