import { Construct } from "constructs";
import type { AwsEnv } from "../core/aws-env";
import { SecureBucket } from "./secure-bucket";

export { SecureBucket, type SecureBucketProps } from "./secure-bucket";

/** Key prefix of the access-log bucket under which the load balancers write. */
export const LOAD_BALANCER_LOG_PREFIX = "alb";

export interface GitanaStorageProps {
  readonly aws: AwsEnv;
  /** Prefix of the bucket names, e.g. `gitana-prod`; account and region are appended. */
  readonly namePrefix: string;
  /** KMS key of the binary and config buckets. */
  readonly dataKmsKeyArn: string;
  /** Days access logs are kept. */
  readonly logRetentionDays: number;
  /** Terraform `prevent_destroy` on every bucket. */
  readonly preventDestroy: boolean;
  /** `terraform destroy` empties the buckets: an env whose data nobody keeps. @default false */
  readonly disposable?: boolean;
}

/**
 * Gitana's S3: the binary bucket (attachments, via the API server's s3gridfs storage), the
 * config bucket (files the init containers sync into /gitana) and the access-log bucket that
 * receives both buckets' server access logs (and the load balancers' logs).
 */
export class GitanaStorage extends Construct {
  readonly binaryBucket: SecureBucket;
  readonly configBucket: SecureBucket;
  readonly accessLogBucket: SecureBucket;

  constructor(scope: Construct, id: string, props: GitanaStorageProps) {
    super(scope, id);
    const bucketName = (purpose: string) =>
      `${props.namePrefix}-${purpose}-${props.aws.accountId}-${props.aws.region}`;

    // SSE-S3, not KMS: S3 server access logs and ALB access logs can only be delivered to SSE-S3 buckets.
    this.accessLogBucket = new SecureBucket(this, "access-logs", {
      aws: props.aws,
      bucketName: bucketName("access-logs"),
      purpose: "access-logs",
      serverAccessLogSources: [bucketName("binaries"), bucketName("config")],
      loadBalancerLogPrefix: LOAD_BALANCER_LOG_PREFIX,
      noncurrentVersionRetentionDays: 30,
      expireObjectsAfterDays: props.logRetentionDays,
      preventDestroy: props.preventDestroy,
      disposable: props.disposable,
    });
    const accessLogs = (prefix: string) => ({
      target: this.accessLogBucket,
      prefix: `s3/${prefix}/`,
    });
    this.binaryBucket = new SecureBucket(this, "binaries", {
      aws: props.aws,
      bucketName: bucketName("binaries"),
      purpose: "binary",
      kmsKeyArn: props.dataKmsKeyArn,
      accessLogs: accessLogs("binaries"),
      preventDestroy: props.preventDestroy,
      disposable: props.disposable,
    });
    this.configBucket = new SecureBucket(this, "config", {
      aws: props.aws,
      bucketName: bucketName("config"),
      purpose: "config",
      kmsKeyArn: props.dataKmsKeyArn,
      accessLogs: accessLogs("config"),
      preventDestroy: props.preventDestroy,
      disposable: props.disposable,
    });
  }
}
