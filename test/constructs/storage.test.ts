import { awsEnv } from "../../constructs/core/aws-env";
import { GitanaStorage, type GitanaStorageProps } from "../../constructs/storage";
import { loadBalancerLogDeliveryStatement } from "../../constructs/storage/load-balancer-log-delivery";
import { AWS, bareStack, synthStack } from "../helpers/bare-stack";
import { devInput, prodInput } from "../helpers/configs";
import {
  address,
  policyStatements,
  ref,
  resourceOf,
  resourcesOf,
  synthEnv,
  type StackJson,
} from "../helpers/synth";

const DATA_KEY = "arn:aws:kms:eu-west-1:111122223333:key/data";

/** GitanaStorage alone on a bare stack: not protected, not disposable. */
function storageStack(props: Partial<GitanaStorageProps> = {}): StackJson {
  const stack = bareStack();
  new GitanaStorage(stack, "storage", {
    aws: AWS,
    namePrefix: "gitana-test",
    dataKmsKeyArn: DATA_KEY,
    logRetentionDays: 90,
    preventDestroy: false,
    ...props,
  });
  return synthStack(stack);
}

const accessLogPolicy = (stack: StackJson) =>
  policyStatements(stack, resourceOf(stack, "aws_s3_bucket_policy", "storage_access-logs").policy);

describe("GitanaStorage", () => {
  const bare = storageStack();

  test.each([
    ["binaries", "gitana-test-binaries-111122223333-eu-west-1"],
    ["config", "gitana-test-config-111122223333-eu-west-1"],
    ["access-logs", "gitana-test-access-logs-111122223333-eu-west-1"],
  ])(
    "creates the %s bucket, named per prefix, account and region, not force-destroyed by default",
    (fragment, name) => {
      expect(resourceOf(bare, "aws_s3_bucket", `storage_${fragment}`)).toMatchObject({
        bucket: name,
        force_destroy: false,
        lifecycle: { prevent_destroy: false },
      });
    },
  );

  test("preventDestroy puts prevent_destroy on every bucket", () => {
    expect(
      resourcesOf(storageStack({ preventDestroy: true }), "aws_s3_bucket").map(
        ([, b]) => b.lifecycle,
      ),
    ).toEqual(Array(3).fill({ prevent_destroy: true }));
  });

  test("a disposable storage's buckets are emptied by destroy", () => {
    expect(
      resourcesOf(storageStack({ disposable: true }), "aws_s3_bucket").map(
        ([, b]) => b.force_destroy,
      ),
    ).toEqual([true, true, true]);
  });

  test.each(["binaries", "config"])(
    "the %s bucket uses SSE-KMS with the data key and bucket keys (S3.17)",
    (fragment) => {
      expect(
        resourceOf(
          bare,
          "aws_s3_bucket_server_side_encryption_configuration",
          `storage_${fragment}`,
        ).rule,
      ).toEqual([
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: "aws:kms",
            kms_master_key_id: DATA_KEY,
          },
          bucket_key_enabled: true,
        },
      ]);
    },
  );

  test.each(["binaries", "config"])(
    "the %s bucket logs its access into the access-log bucket under s3/%s/ (S3.9)",
    (fragment) => {
      expect(resourceOf(bare, "aws_s3_bucket_logging", `storage_${fragment}`)).toMatchObject({
        target_bucket: ref(bare, "aws_s3_bucket", "storage_access-logs", "bucket"),
        target_prefix: `s3/${fragment}/`,
      });
    },
  );

  test.each(["binaries", "config"])(
    "the %s bucket's logging waits for the access-log bucket's policy, or S3 refuses it (InvalidTargetBucketForLogging)",
    (fragment) => {
      expect(resourceOf(bare, "aws_s3_bucket_logging", `storage_${fragment}`).depends_on).toEqual([
        address(bare, "aws_s3_bucket_policy", "storage_access-logs"),
      ]);
    },
  );

  test("the access-log bucket does not log into itself and uses SSE-S3, the only encryption log delivery supports", () => {
    expect(
      resourcesOf(bare, "aws_s3_bucket_logging")
        .map(([n]) => n)
        .filter((n) => n.includes("access-logs")),
    ).toEqual([]);
    expect(
      resourceOf(bare, "aws_s3_bucket_server_side_encryption_configuration", "storage_access-logs")
        .rule,
    ).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
  });

  test.each(["binaries", "config", "access-logs"])(
    "the %s bucket blocks public access, versions objects and expires old versions",
    (fragment) => {
      expect(
        resourceOf(bare, "aws_s3_bucket_public_access_block", `storage_${fragment}`),
      ).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(
        resourceOf(bare, "aws_s3_bucket_versioning", `storage_${fragment}`)
          .versioning_configuration,
      ).toEqual({ status: "Enabled" });
      const [rule] = resourceOf(
        bare,
        "aws_s3_bucket_lifecycle_configuration",
        `storage_${fragment}`,
      ).rule as Record<string, unknown>[];
      expect(rule).toMatchObject({
        status: "Enabled",
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      });
      expect(rule.noncurrent_version_expiration).toEqual([
        { noncurrent_days: fragment === "access-logs" ? 30 : 90 },
      ]);
    },
  );

  test("the access-log bucket lets the region's Elastic Load Balancing account write under alb/ for this account only", () => {
    const arn = ref(bare, "aws_s3_bucket", "storage_access-logs", "arn");
    expect(
      accessLogPolicy(bare).find((s) => s.sid === "AllowLoadBalancerAccessLogDelivery"),
    ).toEqual({
      sid: "AllowLoadBalancerAccessLogDelivery",
      actions: ["s3:PutObject"],
      resources: [`${arn}/alb/AWSLogs/111122223333/*`],
      // eu-west-1's Elastic Load Balancing account.
      principals: [{ type: "AWS", identifiers: ["arn:aws:iam::156460612806:root"] }],
    });
  });

  test("S3 log delivery may write into the access-log bucket only for the binary and config buckets", () => {
    const arn = ref(bare, "aws_s3_bucket", "storage_access-logs", "arn");
    expect(
      accessLogPolicy(bare).find(
        (s) => s.sid === "AllowS3ServerAccessLogDeliveryFromItsSourceBuckets",
      ),
    ).toEqual({
      sid: "AllowS3ServerAccessLogDeliveryFromItsSourceBuckets",
      actions: ["s3:PutObject"],
      resources: [`${arn}/*`],
      principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
      condition: [
        { test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] },
        {
          test: "ArnLike",
          variable: "aws:SourceArn",
          values: [
            "arn:aws:s3:::gitana-test-binaries-111122223333-eu-west-1",
            "arn:aws:s3:::gitana-test-config-111122223333-eu-west-1",
          ],
        },
      ],
    });
  });

  test("access logs expire after the given log retention", () => {
    const [rule] = resourceOf(bare, "aws_s3_bucket_lifecycle_configuration", "storage_access-logs")
      .rule as Record<string, unknown>[];
    expect(rule.expiration).toEqual([{ days: 90 }]);
  });
});

describe("load balancer log delivery", () => {
  test("regions opened after August 2022 get the log-delivery service principal, scoped to this account's load balancers", () => {
    expect(
      loadBalancerLogDeliveryStatement(
        awsEnv("111122223333", "ap-southeast-3"),
        "arn:aws:s3:::logs",
        "alb",
      ),
    ).toEqual({
      sid: "AllowLoadBalancerAccessLogDelivery",
      actions: ["s3:PutObject"],
      resources: ["arn:aws:s3:::logs/alb/AWSLogs/111122223333/*"],
      principals: [
        { type: "Service", identifiers: ["logdelivery.elasticloadbalancing.amazonaws.com"] },
      ],
      condition: [
        {
          test: "ArnLike",
          variable: "aws:SourceArn",
          values: ["arn:aws:elasticloadbalancing:ap-southeast-3:111122223333:loadbalancer/*"],
        },
      ],
    });
  });
});

describe("an env's storage", () => {
  const envs = { dev: devInput(), prod: prodInput() };
  const stacks = Object.fromEntries(
    Object.entries(envs).map(([env, input]) => [env, synthEnv(env, input)]),
  );
  const cases = Object.entries(envs);

  test.each(cases)(
    "%s: buckets are named after the env and protected as its config asks; only an env that keeps no data is force-destroyed",
    (env, input) => {
      // Both default to true when the config leaves them out.
      const { preventDestroy = true, deletionProtection = true } = input.protection ?? {};
      expect(
        resourcesOf(stacks[env], "aws_s3_bucket").map(([, b]) => [
          b.bucket,
          b.force_destroy,
          b.lifecycle,
        ]),
      ).toEqual(
        ["access-logs", "binaries", "config"].map((kind) => [
          `${input.namePrefix}-${env}-${kind}-111122223333-eu-west-1`,
          !(preventDestroy || deletionProtection),
          { prevent_destroy: preventDestroy },
        ]),
      );
    },
  );

  test.each(cases)("%s: the data buckets are encrypted with the env's data key", (env) => {
    const stack = stacks[env];
    for (const fragment of ["binaries", "config"]) {
      const [rule] = resourceOf(
        stack,
        "aws_s3_bucket_server_side_encryption_configuration",
        `storage_${fragment}`,
      ).rule as Record<string, Record<string, unknown>>[];
      expect(rule.apply_server_side_encryption_by_default.kms_master_key_id).toBe(
        ref(stack, "aws_kms_key", "data-key", "arn"),
      );
    }
  });

  test.each(cases)("%s: access logs expire with the env's log retention", (env, input) => {
    const [rule] = resourceOf(
      stacks[env],
      "aws_s3_bucket_lifecycle_configuration",
      "storage_access-logs",
    ).rule as Record<string, unknown>[];
    expect(rule.expiration).toEqual([{ days: input.logRetentionDays }]);
  });
});
