import {
  block,
  ofType,
  policyStatements,
  refersTo,
  type Resource,
  type PlanView,
} from "../plan-view";
import { perResource, type Rule } from "../rule";

const buckets = (view: PlanView) => ofType(view, "aws_s3_bucket");
/** The resource of `type` configured for `bucket` (through its `bucket` argument). */
const companion = (view: PlanView, type: string, bucket: Resource) =>
  ofType(view, type).find((r) => refersTo(r.attrs.bucket, bucket));
/** Buckets that receive S3 server access logs or ALB logs: delivery supports SSE-S3 only. */
const isLogTarget = (view: PlanView, bucket: Resource) =>
  ofType(view, "aws_s3_bucket_logging").some((l) => refersTo(l.attrs.target_bucket, bucket)) ||
  ofType(view, "aws_lb").some((lb) => refersTo(block(lb.attrs, "access_logs")?.bucket, bucket));

export const s3Rules: Rule[] = [
  perResource(
    "S3.8",
    "S3 buckets block all public access",
    buckets,
    (bucket, view) => {
      const pab = companion(view, "aws_s3_bucket_public_access_block", bucket);
      if (!pab) return "has no public access block";
      const off = [
        "block_public_acls",
        "block_public_policy",
        "ignore_public_acls",
        "restrict_public_buckets",
      ].filter((f) => pab.attrs[f] !== true);
      return off.length ? `public access block leaves ${off.join(", ")} off` : undefined;
    },
    "all four public access block settings are on",
  ),
  perResource(
    "S3.5",
    "S3 buckets require TLS",
    buckets,
    (bucket, view) => {
      const policy = companion(view, "aws_s3_bucket_policy", bucket);
      const statements = policyStatements(view, policy?.attrs.policy) ?? [];
      const deniesPlainHttp = statements.some(
        (s) =>
          s.effect === "Deny" &&
          JSON.stringify(s.condition ?? []).includes('"variable":"aws:SecureTransport"') &&
          JSON.stringify(s.condition ?? []).includes('"values":["false"]'),
      );
      return deniesPlainHttp ? undefined : "bucket policy does not deny aws:SecureTransport=false";
    },
    "bucket policy denies requests without TLS",
  ),
  perResource(
    "S3.9",
    "S3 buckets log their access",
    buckets,
    (bucket, view) =>
      companion(view, "aws_s3_bucket_logging", bucket) || isLogTarget(view, bucket)
        ? undefined
        : "has no server access logging",
    "server access logging on (or it is the log bucket itself)",
  ),
  perResource(
    "S3.14",
    "S3 buckets are versioned",
    buckets,
    (bucket, view) =>
      block(
        companion(view, "aws_s3_bucket_versioning", bucket)?.attrs ?? {},
        "versioning_configuration",
      )?.status === "Enabled"
        ? undefined
        : "versioning is not Enabled",
    "versioning Enabled",
  ),
  perResource(
    "S3.17",
    "S3 buckets are encrypted with KMS",
    buckets,
    (bucket, view) => {
      const encryption = companion(
        view,
        "aws_s3_bucket_server_side_encryption_configuration",
        bucket,
      );
      const rule = (encryption?.attrs.rule as Record<string, unknown>[] | undefined)?.[0];
      const algorithm =
        rule && block(rule, "apply_server_side_encryption_by_default")?.sse_algorithm;
      if (algorithm === "aws:kms" || algorithm === "aws:kms:dsse") return undefined;
      if (algorithm === "AES256" && isLogTarget(view, bucket)) return undefined;
      return `default encryption is ${String(algorithm ?? "not configured")}`;
    },
    "SSE-KMS (log buckets: SSE-S3, the only encryption log delivery supports)",
  ),
  perResource(
    "Gitana.S3Lifecycle",
    "S3 buckets expire noncurrent versions and incomplete uploads",
    buckets,
    (bucket, view) => {
      const lifecycle = companion(view, "aws_s3_bucket_lifecycle_configuration", bucket);
      const all = (lifecycle?.attrs.rule as Record<string, unknown>[] | undefined) ?? [];
      const rules = JSON.stringify(all.filter((r) => r.status === "Enabled"));
      if (!rules.includes("noncurrent_version_expiration"))
        return "no enabled noncurrent-version expiration";
      return rules.includes("abort_incomplete_multipart_upload")
        ? undefined
        : "incomplete uploads never abort";
    },
    "noncurrent versions and incomplete uploads expire",
  ),
];
