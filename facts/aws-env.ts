/**
 * The account, region and partition a stack deploys into. Resources build ARNs from it locally:
 * no data source has to ask AWS at plan time, so plans run offline and ARNs read as literals.
 */
export interface AwsEnv {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
}

/**
 * An AWS region code: `eu-west-1`, `us-gov-west-1`, `us-iso-east-1`, `cn-north-1`. The one pattern
 * every region field (the env's, the state backend's, a remote state's) is checked against.
 */
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

export function awsEnv(accountId: string, region: string): AwsEnv {
  return { accountId, region, partition: partitionOf(region) };
}

/** The ARN partition of a region. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`; pass region "" for global services. */
export function arn(env: AwsEnv, service: string, resource: string, region = env.region): string {
  return `arn:${env.partition}:${service}:${region}:${env.accountId}:${resource}`;
}

/** The account's root principal, used where a resource policy delegates to IAM. */
export function accountRootArn(env: AwsEnv): string {
  return `arn:${env.partition}:iam::${env.accountId}:root`;
}
