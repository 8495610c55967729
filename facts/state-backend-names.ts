import { arn, awsEnv } from "./aws-env";

/** S3 bucket names are at most 63 characters. */
export const MAX_BUCKET_NAME_LENGTH = 63;

/** What the state backend's names derive from (config's `stateBackend`, or a module user's values). */
export interface StateBackendLocation {
  /** Account that holds the state bucket and lock table. */
  readonly accountId: string;
  readonly region: string;
  /** Prefix of the bucket, table and key alias names. */
  readonly namePrefix: string;
  /** Your state bucket, lock table and KMS key instead of the derived names. @default - derived */
  readonly existing?: {
    readonly bucket: string;
    readonly lockTable: string;
    readonly kmsKeyArn: string;
  };
}

export interface StateBackendNames {
  readonly bucket: string;
  /** Receives the state bucket's server access logs: who read or wrote state, and when. */
  readonly accessLogBucket: string;
  readonly lockTable: string;
  readonly kmsAlias: string;
  /** ARN of the KMS alias (or your key): the S3 backend encrypts state objects with it. */
  readonly kmsAliasArn: string;
}

/**
 * The single derivation of the state backend's names. The bootstrap stack creates resources with
 * these names and every env's backend block points at them, so the two cannot disagree.
 * The bucket carries account and region because S3 names are global.
 */
export function stateBackendNames(config: StateBackendLocation): StateBackendNames {
  const kmsAlias = `alias/${config.namePrefix}-tfstate`;
  const existing = config.existing;
  return {
    bucket: existing?.bucket ?? `${config.namePrefix}-tfstate-${config.accountId}-${config.region}`,
    accessLogBucket: `${config.namePrefix}-tfstate-logs-${config.accountId}-${config.region}`,
    lockTable: existing?.lockTable ?? `${config.namePrefix}-tfstate-lock`,
    kmsAlias,
    kmsAliasArn:
      existing?.kmsKeyArn ?? arn(awsEnv(config.accountId, config.region), "kms", kmsAlias),
  };
}

/** State key of one env: one object per env, so envs never share or lock each other's state. */
export function stateKey(env: string): string {
  return `gitana/${env}/terraform.tfstate`;
}
