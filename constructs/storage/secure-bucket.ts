import { Token } from "cdktf";
import { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { AwsEnv } from "../core/aws-env";
import {
  denyAllWhen,
  kmsViaServiceStatement,
  WITHOUT_TLS,
  type Grantable,
  type PolicyStatement,
} from "../core/grants";
import { loadBalancerLogDeliveryStatement } from "./load-balancer-log-delivery";

/** S3 bucket names: 3-63 lowercase letters, digits, dots and hyphens. */
const BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export interface SecureBucketProps {
  readonly aws: AwsEnv;
  readonly bucketName: string;
  /** What the bucket is for, in one word; names the grants' policies (`<purpose>-bucket-read`). */
  readonly purpose: string;
  /**
   * KMS key for SSE-KMS with S3 bucket keys. Omit only for a bucket that receives S3 server
   * access logs: S3 log delivery writes to SSE-S3 buckets only.
   * @default - SSE-S3 (AES-256); allowed only together with serverAccessLogSources
   */
  readonly kmsKeyArn?: string;
  /**
   * Where this bucket's server access logs go (FSBP S3.9): a bucket that lists this one in its
   * `serverAccessLogSources`, and the key prefix. @default - no access logging
   */
  readonly accessLogs?: { readonly target: SecureBucket; readonly prefix: string };
  /**
   * Names of the buckets whose server access logs S3 log delivery may write here: only those
   * (`aws:SourceArn`) and only for this account (`aws:SourceAccount`).
   * @default - none: the bucket receives no server access logs
   */
  readonly serverAccessLogSources?: readonly string[];
  /** Let ALB log delivery of this region write access logs under this key prefix. @default - not allowed */
  readonly loadBalancerLogPrefix?: string;
  /** Days a replaced or deleted object version is kept before it expires. @default 90 */
  readonly noncurrentVersionRetentionDays?: number;
  /** Days after which current objects expire (log buckets). @default - never */
  readonly expireObjectsAfterDays?: number;
  /** Terraform `prevent_destroy` on the bucket. @default false */
  readonly preventDestroy?: boolean;
  /** Further bucket-policy statements, after the TLS guards (e.g. who may read state). @default - none */
  readonly policyStatements?: readonly PolicyStatement[];
  /**
   * Let `terraform destroy` empty the bucket (`force_destroy`): only for an env whose data is
   * disposable, never together with `preventDestroy`. @default false
   */
  readonly disposable?: boolean;
}

/**
 * An S3 bucket with every guard the security baseline asks for: public access blocked (S3.1/S3.8),
 * ACLs disabled, TLS 1.2+ only (S3.5), versioning (S3.14), default encryption with KMS (S3.17),
 * expiry of noncurrent versions and incomplete uploads, access logging when a target is given.
 * Not `force_destroy` unless the env's data is disposable: Terraform must not be able to empty a
 * bucket whose objects matter.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;
  /** The bucket policy: services that write into the bucket (ALB logs) must wait for it. */
  readonly policy: S3BucketPolicy;
  /** Whether S3 log delivery may write this bucket's server access logs into it. */
  readonly receivesServerAccessLogs: boolean;
  private readonly purpose: string;
  private readonly region: string;
  private readonly kmsKeyArn?: string;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    // A name from module-mode variables is checked by the provider at plan instead.
    if (!Token.isUnresolved(props.bucketName) && !BUCKET_NAME_PATTERN.test(props.bucketName)) {
      throw new Error(
        `${this.node.path}: bucketName "${props.bucketName}" is not a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)`,
      );
    }
    const logSources = props.serverAccessLogSources ?? [];
    if (!props.kmsKeyArn && logSources.length === 0) {
      throw new Error(
        `${this.node.path}: kmsKeyArn is required; only a server-access-log bucket may use SSE-S3`,
      );
    }
    if (props.accessLogs && !props.accessLogs.target.receivesServerAccessLogs) {
      throw new Error(
        `${this.node.path}: accessLogs.target ${props.accessLogs.target.node.path} does not receive server access logs (make it with serverAccessLogSources)`,
      );
    }
    if (props.disposable && props.preventDestroy) {
      throw new Error(
        `${this.node.path}: disposable and preventDestroy exclude each other: a protected bucket is never emptied by destroy`,
      );
    }
    const noncurrentDays = props.noncurrentVersionRetentionDays ?? 90;
    this.receivesServerAccessLogs = logSources.length > 0;
    this.purpose = props.purpose;
    this.region = props.aws.region;
    this.kmsKeyArn = props.kmsKeyArn;

    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      forceDestroy: props.disposable ?? false,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    const bucket = this.bucket.id;

    const publicAccessBlock = new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      bucket,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketVersioningA(this, "versioning", {
      bucket,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [
        props.kmsKeyArn
          ? {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: props.kmsKeyArn,
              },
              // Bucket keys cut KMS requests (and their cost) by orders of magnitude.
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      rule: [
        {
          id: "expire-noncurrent-versions-and-incomplete-uploads",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          ...(props.expireObjectsAfterDays
            ? { expiration: [{ days: props.expireObjectsAfterDays }] }
            : {}),
        },
      ],
    });
    if (props.accessLogs) {
      const { target, prefix } = props.accessLogs;
      new S3BucketLoggingA(this, "access-logging", {
        bucket,
        targetBucket: target.bucketName,
        targetPrefix: prefix,
        // S3 refuses PutBucketLogging (InvalidTargetBucketForLogging) until the target's policy
        // lets logging.s3.amazonaws.com write: the reference to the bucket name alone does not
        // make Terraform wait for that policy.
        dependsOn: [target.policy],
      });
    }

    const everything = [this.bucketArn, `${this.bucketArn}/*`];
    const statements: PolicyStatement[] = [
      denyAllWhen("DenyInsecureTransport", "s3", everything, WITHOUT_TLS),
      denyAllWhen("DenyTlsBelow12", "s3", everything, {
        test: "NumericLessThan",
        variable: "s3:TlsVersion",
        value: "1.2",
      }),
    ];
    if (logSources.length > 0) {
      // Without aws:SourceArn any bucket of the account could deliver (or forge) logs here.
      statements.push({
        sid: "AllowS3ServerAccessLogDeliveryFromItsSourceBuckets",
        actions: ["s3:PutObject"],
        resources: [`${this.bucketArn}/*`],
        principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [props.aws.accountId] },
          {
            test: "ArnLike",
            variable: "aws:SourceArn",
            values: logSources.map((name) => `arn:${props.aws.partition}:s3:::${name}`),
          },
        ],
      });
    }
    if (props.loadBalancerLogPrefix) {
      statements.push(
        loadBalancerLogDeliveryStatement(props.aws, this.bucketArn, props.loadBalancerLogPrefix),
      );
    }
    statements.push(...(props.policyStatements ?? []));
    const policy = new DataAwsIamPolicyDocument(this, "policy-document", { statement: statements });
    // S3 rejects concurrent policy and public-access-block changes on one bucket: order them.
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket,
      policy: policy.json,
      dependsOn: [publicAccessBlock],
    });
  }

  /**
   * Read objects under `prefix` (all objects when omitted): ListBucket limited to that prefix,
   * GetObject on its keys, and decrypt with this bucket's key through S3 only.
   */
  grantRead(grantee: Grantable, prefix?: string): void {
    const keys = prefix ? `${prefix.replace(/\/+$/, "")}/*` : "*";
    grantee.addToPolicy(`${this.purpose}-bucket-read`, [
      {
        sid: "ListObjects",
        actions: ["s3:ListBucket"],
        resources: [this.bucketArn],
        ...(prefix
          ? { condition: [{ test: "StringLike", variable: "s3:prefix", values: [keys] }] }
          : {}),
      },
      { sid: "ReadObjects", actions: ["s3:GetObject"], resources: [`${this.bucketArn}/${keys}`] },
      ...this.kmsStatements(["kms:Decrypt"]),
    ]);
  }

  /** Read, write and delete any object, and encrypt/decrypt with this bucket's key through S3 only. */
  grantReadWrite(grantee: Grantable): void {
    grantee.addToPolicy(`${this.purpose}-bucket-read-write`, [
      { sid: "ListObjects", actions: ["s3:ListBucket"], resources: [this.bucketArn] },
      {
        sid: "ReadWriteObjects",
        actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
        resources: [`${this.bucketArn}/*`],
      },
      ...this.kmsStatements(["kms:Decrypt", "kms:GenerateDataKey"]),
    ]);
  }

  private kmsStatements(actions: string[]): ReturnType<typeof kmsViaServiceStatement>[] {
    if (!this.kmsKeyArn) return [];
    return [
      kmsViaServiceStatement("UseBucketKeyThroughS3", this.kmsKeyArn, actions, "s3", this.region),
    ];
  }
}
