import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { AwsEnv } from "./aws-env";

export interface GitanaAwsProviderProps {
  readonly aws: AwsEnv;
  /** Applied to every taggable resource (provider default_tags). */
  readonly tags: Record<string, string>;
}

/**
 * The stack's AWS provider, pinned to one account: `allowed_account_ids` makes Terraform refuse
 * to run with credentials of any other account, so a prod plan can never hit dev by mistake.
 * No credentials here: they come from the caller's environment (SSO, OIDC role, instance role).
 */
export function createAwsProvider(scope: Construct, props: GitanaAwsProviderProps): AwsProvider {
  return new AwsProvider(scope, "aws", {
    region: props.aws.region,
    allowedAccountIds: [props.aws.accountId],
    defaultTags: [{ tags: props.tags }],
  });
}
