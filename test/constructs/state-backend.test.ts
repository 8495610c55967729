import { StateBackend } from "../../constructs/state-backend";
import { AWS, bareStack, synthStack } from "../helpers/bare-stack";
import { bootstrapInput, devInput } from "../helpers/configs";
import {
  address,
  policyStatements,
  ref,
  resourceOf,
  resourcesOf,
  synthEnv,
  type StackJson,
} from "../helpers/synth";

const { accountId: account, region } = AWS;
const stateBucket = `test-tfstate-${account}-${region}`;
const logBucket = `test-tfstate-logs-${account}-${region}`;
const STATE = "backend_state_";
const LOGS = "backend_access-logs_";

/** A StateBackend alone on a bare stack, with one env's roles. */
function backendStack(): StackJson {
  const stack = bareStack();
  new StateBackend(stack, "backend", {
    config: { accountId: account, region, namePrefix: "test", useLockfile: false },
    access: {
      envs: {
        dev: {
          planRoleArn: `arn:aws:iam::${account}:role/dev-plan`,
          deployRoleArn: `arn:aws:iam::${account}:role/dev-deploy`,
          outputReaderRoleArns: [],
        },
      },
      breakGlassRoleArn: `arn:aws:iam::${account}:role/break-glass`,
    },
  });
  return synthStack(stack);
}

describe("StateBackend", () => {
  const backend = backendStack();
  const bucketRef = (fragment: string) => ref(backend, "aws_s3_bucket", fragment, "id");
  const keyArn = ref(backend, "aws_kms_key", "backend", "arn");

  test("names the bucket after account and region (S3 names are global), the table and key alias after the prefix", () => {
    expect(resourceOf(backend, "aws_s3_bucket", STATE).bucket).toBe(stateBucket);
    expect(resourceOf(backend, "aws_s3_bucket", LOGS).bucket).toBe(logBucket);
    expect(resourceOf(backend, "aws_dynamodb_table").name).toBe("test-tfstate-lock");
    expect(resourceOf(backend, "aws_kms_alias").name).toBe("alias/test-tfstate");
  });

  test("the state bucket is versioned, KMS-encrypted with bucket keys and logs its access", () => {
    expect(resourceOf(backend, "aws_s3_bucket", STATE)).toMatchObject({
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(resourceOf(backend, "aws_s3_bucket_versioning", STATE)).toMatchObject({
      bucket: bucketRef(STATE),
      versioning_configuration: { status: "Enabled" },
    });
    expect(
      resourceOf(backend, "aws_s3_bucket_server_side_encryption_configuration", STATE).rule,
    ).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: "aws:kms",
          kms_master_key_id: keyArn,
        },
        bucket_key_enabled: true,
      },
    ]);
    expect(resourceOf(backend, "aws_s3_bucket_logging", STATE)).toMatchObject({
      bucket: bucketRef(STATE),
      target_bucket: ref(backend, "aws_s3_bucket", LOGS, "bucket"),
      target_prefix: "tfstate/",
    });
  });

  test("the state bucket's logging waits for the log bucket's policy, or S3 refuses it (InvalidTargetBucketForLogging)", () => {
    expect(resourceOf(backend, "aws_s3_bucket_logging", STATE).depends_on).toEqual([
      address(backend, "aws_s3_bucket_policy", LOGS),
    ]);
  });

  const buckets = [
    ["the state bucket", STATE],
    ["the access-log bucket", LOGS],
  ];

  test.each(buckets)("%s blocks all public access and disables ACLs", (_bucket, fragment) => {
    expect(resourceOf(backend, "aws_s3_bucket_public_access_block", fragment)).toEqual(
      expect.objectContaining({
        bucket: bucketRef(fragment),
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      }),
    );
    expect(resourceOf(backend, "aws_s3_bucket_ownership_controls", fragment).rule).toEqual({
      object_ownership: "BucketOwnerEnforced",
    });
  });

  test.each(buckets)("%s refuses requests without TLS 1.2", (_bucket, fragment) => {
    const arn = ref(backend, "aws_s3_bucket", fragment, "arn");
    const statements = policyStatements(
      backend,
      resourceOf(backend, "aws_s3_bucket_policy", fragment).policy,
    );
    const denyAll = {
      effect: "Deny",
      actions: ["s3:*"],
      resources: [arn, `${arn}/*`],
      principals: [{ type: "*", identifiers: ["*"] }],
    };
    expect(statements.slice(0, 2)).toEqual([
      {
        sid: "DenyInsecureTransport",
        ...denyAll,
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
      {
        sid: "DenyTlsBelow12",
        ...denyAll,
        condition: [{ test: "NumericLessThan", variable: "s3:TlsVersion", values: ["1.2"] }],
      },
    ]);
  });

  test("the access-log bucket accepts log delivery from the state bucket of this account only", () => {
    const arn = ref(backend, "aws_s3_bucket", LOGS, "arn");
    const statements = policyStatements(
      backend,
      resourceOf(backend, "aws_s3_bucket_policy", LOGS).policy,
    );
    expect(statements[2]).toEqual({
      sid: "AllowS3ServerAccessLogDeliveryFromItsSourceBuckets",
      actions: ["s3:PutObject"],
      resources: [`${arn}/*`],
      principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
      condition: [
        { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
        { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:aws:s3:::${stateBucket}`] },
      ],
    });
  });

  test("the access-log bucket is encrypted with SSE-S3, the only encryption S3 log delivery accepts", () => {
    expect(
      resourceOf(backend, "aws_s3_bucket_server_side_encryption_configuration", LOGS).rule,
    ).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
  });

  test("old state versions expire after a year, incomplete uploads after a week", () => {
    expect(resourceOf(backend, "aws_s3_bucket_lifecycle_configuration", STATE).rule).toEqual([
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
    expect(resourceOf(backend, "aws_dynamodb_table")).toMatchObject({
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: keyArn },
      deletion_protection_enabled: true,
    });
  });

  test("every stateful resource carries prevent_destroy", () => {
    const stateful = [
      ...resourcesOf(backend, "aws_s3_bucket"),
      ...resourcesOf(backend, "aws_dynamodb_table"),
      ...resourcesOf(backend, "aws_kms_key"),
    ];
    expect(stateful).toHaveLength(4);
    for (const [, resource] of stateful) {
      expect(resource.lifecycle).toMatchObject({ prevent_destroy: true });
    }
  });
});

/** What only the envs show: the bootstrap env creates what every other env's backend uses. */
describe("an env's state backend", () => {
  const bootstrap = synthEnv("bootstrap", bootstrapInput());

  test("the bootstrap env keeps its own state locally: the bucket it creates cannot hold it yet", () => {
    expect(bootstrap.terraform?.backend).toEqual({ local: { path: "terraform.tfstate" } });
  });

  test("the bootstrap env creates exactly the bucket, table and key alias every env's backend names", () => {
    const { accountId, region: backendRegion } = bootstrapInput().stateBackend;
    const backend = synthEnv("dev", devInput()).terraform?.backend?.s3 as Record<string, string>;
    expect(resourceOf(bootstrap, "aws_s3_bucket", "state-backend_state_").bucket).toBe(
      backend.bucket,
    );
    expect(resourceOf(bootstrap, "aws_dynamodb_table").name).toBe(backend.dynamodb_table);
    expect(backend.kms_key_id).toBe(
      `arn:aws:kms:${backendRegion}:${accountId}:${resourceOf(bootstrap, "aws_kms_alias").name}`,
    );
  });
});
