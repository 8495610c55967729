import type { Resource } from "../../../tools/policy/plan-view";
import type { Control } from "./control";
import { resource, view, ref, policyDocument } from "../fixtures";

/** S3 buckets: a bucket and the companion resource each control reads. */
const bucket = resource("aws_s3_bucket", "binaries");
const logBucket = resource("aws_s3_bucket", "logs");
const onBucket = (type: string, attrs: Record<string, unknown>, target = bucket) =>
  resource(type, `${target.name}_${type}`, { bucket: ref(target), ...attrs });
const publicAccessBlock = (restrictPublicBuckets: boolean) =>
  onBucket("aws_s3_bucket_public_access_block", {
    block_public_acls: true,
    block_public_policy: true,
    ignore_public_acls: true,
    restrict_public_buckets: restrictPublicBuckets,
  });
const tlsOnlyPolicy = (variable: string) => {
  const document = policyDocument("binaries_policy", [
    { effect: "Deny", condition: [{ test: "Bool", variable, values: ["false"] }] },
  ]);
  return [document, onBucket("aws_s3_bucket_policy", { policy: `\${${document.address}.json}` })];
};
const logsTo = (target: Resource) =>
  onBucket("aws_s3_bucket_logging", { target_bucket: ref(target) });
const encryption = (algorithm: string, target = bucket) =>
  onBucket(
    "aws_s3_bucket_server_side_encryption_configuration",
    { rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: algorithm } }] },
    target,
  );
const lifecycle = (rule: Record<string, unknown>) =>
  onBucket("aws_s3_bucket_lifecycle_configuration", { rule: [rule] });
const expiringRule = {
  status: "Enabled",
  noncurrent_version_expiration: { noncurrent_days: 30 },
  abort_incomplete_multipart_upload: { days_after_initiation: 7 },
};
const albLoggingTo = (target: Resource) =>
  resource("aws_lb", "api-lb", { access_logs: { bucket: ref(target), enabled: true } });

export const s3Controls: Record<string, Control> = {
  "S3.8": {
    passes: [
      ["all four public access block settings on", () => view(bucket, publicAccessBlock(true))],
    ],
    fails: [
      [
        "restrict_public_buckets off",
        () => view(bucket, publicAccessBlock(false)),
        "public access block leaves restrict_public_buckets off",
      ],
      ["no public access block", () => view(bucket), "has no public access block"],
    ],
  },
  "S3.5": {
    passes: [
      [
        "a policy denying aws:SecureTransport=false",
        () => view(bucket, ...tlsOnlyPolicy("aws:SecureTransport")),
      ],
    ],
    fails: [
      [
        "a deny on another condition",
        () => view(bucket, ...tlsOnlyPolicy("aws:SourceVpce")),
        "bucket policy does not deny aws:SecureTransport=false",
      ],
      [
        "no bucket policy",
        () => view(bucket),
        "bucket policy does not deny aws:SecureTransport=false",
      ],
    ],
  },
  "S3.9": {
    passes: [
      [
        "server access logging into the log bucket",
        () => view(bucket, logBucket, logsTo(logBucket)),
      ],
      ["the ALB's access log bucket itself", () => view(logBucket, albLoggingTo(logBucket))],
    ],
    fails: [["no server access logging", () => view(bucket), "has no server access logging"]],
  },
  "S3.14": {
    passes: [
      [
        "versioning Enabled",
        () =>
          view(
            bucket,
            onBucket("aws_s3_bucket_versioning", {
              versioning_configuration: { status: "Enabled" },
            }),
          ),
      ],
    ],
    fails: [
      [
        "versioning Suspended",
        () =>
          view(
            bucket,
            onBucket("aws_s3_bucket_versioning", {
              versioning_configuration: { status: "Suspended" },
            }),
          ),
        "versioning is not Enabled",
      ],
    ],
  },
  "S3.17": {
    passes: [
      ["SSE-KMS", () => view(bucket, encryption("aws:kms"))],
      [
        "SSE-S3 on a bucket that receives access logs",
        () => view(logBucket, encryption("AES256", logBucket), albLoggingTo(logBucket)),
      ],
    ],
    fails: [
      [
        "SSE-S3 on a data bucket",
        () => view(bucket, encryption("AES256")),
        "default encryption is AES256",
      ],
      ["no encryption configuration", () => view(bucket), "default encryption is not configured"],
    ],
  },
  "Gitana.S3Lifecycle": {
    passes: [
      [
        "noncurrent versions and incomplete uploads expire",
        () => view(bucket, lifecycle(expiringRule)),
      ],
    ],
    fails: [
      [
        "no noncurrent-version expiration",
        () =>
          view(
            bucket,
            lifecycle({
              status: "Enabled",
              abort_incomplete_multipart_upload: { days_after_initiation: 7 },
            }),
          ),
        "no enabled noncurrent-version expiration",
      ],
      [
        "the expiring rule Disabled",
        () => view(bucket, lifecycle({ ...expiringRule, status: "Disabled" })),
        "no enabled noncurrent-version expiration",
      ],
      [
        "incomplete uploads kept",
        () =>
          view(
            bucket,
            lifecycle({
              status: "Enabled",
              noncurrent_version_expiration: { noncurrent_days: 30 },
            }),
          ),
        "incomplete uploads never abort",
      ],
    ],
  },
};
