import { bootstrapInput, devInput } from "../helpers/configs";
import {
  address,
  policyStatements,
  ref,
  resourceOf,
  resourcesOf,
  synthEnv,
} from "../helpers/synth";

const bootstrap = synthEnv("bootstrap", bootstrapInput());
const stateBucket = "gitana-tfstate-111122223333-eu-west-1";
const logBucket = "gitana-tfstate-logs-111122223333-eu-west-1";

function bucketRef(fragment: string): string {
  return ref(bootstrap, "aws_s3_bucket", fragment, "id");
}

describe("bootstrap env (state backend)", () => {
  test("keeps its own state locally: the bucket it creates cannot hold it yet", () => {
    expect(bootstrap.terraform?.backend).toEqual({ local: { path: "terraform.tfstate" } });
  });

  test("creates exactly the bucket, table and key alias every env's backend names", () => {
    const backend = synthEnv("dev", devInput()).terraform?.backend?.s3 as Record<string, string>;
    expect(resourceOf(bootstrap, "aws_s3_bucket", "state-backend_state_").bucket).toBe(
      backend.bucket,
    );
    expect(resourceOf(bootstrap, "aws_dynamodb_table").name).toBe(backend.dynamodb_table);
    expect(backend.kms_key_id).toBe(
      `arn:aws:kms:eu-west-1:111122223333:${resourceOf(bootstrap, "aws_kms_alias").name}`,
    );
  });

  test("the state bucket is versioned, KMS-encrypted with bucket keys and logs its access", () => {
    const bucket = bucketRef("state-backend_state_");
    expect(resourceOf(bootstrap, "aws_s3_bucket", "state-backend_state_")).toMatchObject({
      bucket: stateBucket,
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(resourceOf(bootstrap, "aws_s3_bucket_versioning", "state-backend_state_")).toMatchObject(
      {
        bucket,
        versioning_configuration: { status: "Enabled" },
      },
    );
    expect(
      resourceOf(
        bootstrap,
        "aws_s3_bucket_server_side_encryption_configuration",
        "state-backend_state_",
      ).rule,
    ).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: "aws:kms",
          kms_master_key_id: ref(bootstrap, "aws_kms_key", "state-backend", "arn"),
        },
        bucket_key_enabled: true,
      },
    ]);
    expect(resourceOf(bootstrap, "aws_s3_bucket_logging", "state-backend_state_")).toMatchObject({
      bucket,
      target_bucket: ref(bootstrap, "aws_s3_bucket", "access-logs", "bucket"),
      target_prefix: "tfstate/",
    });
  });

  test("the state bucket's logging waits for the log bucket's policy, or S3 refuses it (InvalidTargetBucketForLogging)", () => {
    expect(
      resourceOf(bootstrap, "aws_s3_bucket_logging", "state-backend_state_").depends_on,
    ).toEqual([address(bootstrap, "aws_s3_bucket_policy", "access-logs")]);
  });

  test("both buckets block all public access and disable ACLs", () => {
    for (const fragment of ["state-backend_state_", "access-logs"]) {
      expect(resourceOf(bootstrap, "aws_s3_bucket_public_access_block", fragment)).toEqual(
        expect.objectContaining({
          bucket: bucketRef(fragment),
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        }),
      );
      expect(resourceOf(bootstrap, "aws_s3_bucket_ownership_controls", fragment).rule).toEqual({
        object_ownership: "BucketOwnerEnforced",
      });
    }
  });

  test("both buckets refuse requests without TLS 1.2", () => {
    for (const fragment of ["state-backend_state_", "access-logs"]) {
      const arn = ref(bootstrap, "aws_s3_bucket", fragment, "arn");
      const statements = policyStatements(
        bootstrap,
        resourceOf(bootstrap, "aws_s3_bucket_policy", fragment).policy,
      );
      expect(statements.slice(0, 2)).toEqual([
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          actions: ["s3:*"],
          resources: [arn, `${arn}/*`],
          principals: [{ type: "*", identifiers: ["*"] }],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
        {
          sid: "DenyTlsBelow12",
          effect: "Deny",
          actions: ["s3:*"],
          resources: [arn, `${arn}/*`],
          principals: [{ type: "*", identifiers: ["*"] }],
          condition: [{ test: "NumericLessThan", variable: "s3:TlsVersion", values: ["1.2"] }],
        },
      ]);
    }
  });

  test("the access-log bucket accepts log delivery from the state bucket of this account only, on SSE-S3", () => {
    const arn = ref(bootstrap, "aws_s3_bucket", "access-logs", "arn");
    const statements = policyStatements(
      bootstrap,
      resourceOf(bootstrap, "aws_s3_bucket_policy", "access-logs").policy,
    );
    expect(statements[2]).toEqual({
      sid: "AllowS3ServerAccessLogDeliveryFromItsSourceBuckets",
      actions: ["s3:PutObject"],
      resources: [`${arn}/*`],
      principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
      condition: [
        { test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] },
        {
          test: "ArnLike",
          variable: "aws:SourceArn",
          values: ["arn:aws:s3:::gitana-tfstate-111122223333-eu-west-1"],
        },
      ],
    });
    expect(resourceOf(bootstrap, "aws_s3_bucket", "access-logs").bucket).toBe(logBucket);
    // S3 server access logs can only be delivered to SSE-S3 buckets.
    expect(
      resourceOf(bootstrap, "aws_s3_bucket_server_side_encryption_configuration", "access-logs")
        .rule,
    ).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
  });

  test("old state versions expire after a year, incomplete uploads after a week", () => {
    expect(
      resourceOf(bootstrap, "aws_s3_bucket_lifecycle_configuration", "state-backend_state_").rule,
    ).toEqual([
      {
        id: "expire-noncurrent-versions-and-incomplete-uploads",
        status: "Enabled",
        filter: [{ prefix: "" }],
        noncurrent_version_expiration: [{ noncurrent_days: 365 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
  });

  test("the lock table is on-demand, recoverable, encrypted and protected from deletion", () => {
    expect(resourceOf(bootstrap, "aws_dynamodb_table")).toMatchObject({
      name: "gitana-tfstate-lock",
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
      point_in_time_recovery: { enabled: true },
      server_side_encryption: {
        enabled: true,
        kms_key_arn: ref(bootstrap, "aws_kms_key", "state-backend", "arn"),
      },
      deletion_protection_enabled: true,
    });
  });

  test("every stateful resource carries prevent_destroy", () => {
    const stateful = [
      ...resourcesOf(bootstrap, "aws_s3_bucket"),
      ...resourcesOf(bootstrap, "aws_dynamodb_table"),
      ...resourcesOf(bootstrap, "aws_kms_key"),
    ];
    expect(stateful).toHaveLength(4);
    expect(
      stateful.every(
        ([, r]) => (r.lifecycle as { prevent_destroy?: boolean })?.prevent_destroy === true,
      ),
    ).toBe(true);
  });
});
