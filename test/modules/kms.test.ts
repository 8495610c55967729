import { devInput, prodInput } from "../helpers/configs";
import { policyStatements, ref, resourceOf, resourcesOf, synthEnv } from "../helpers/synth";

const prod = synthEnv("prod", prodInput());
const dev = synthEnv("dev", devInput());
const rootDelegation = {
  sid: "EnableIamPoliciesOfThisAccount",
  actions: ["kms:*"],
  resources: ["*"],
  principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:root"] }],
};

describe("KMS keys", () => {
  test.each(["logs", "data", "messaging", "secrets"])(
    "the %s key rotates, waits 30 days before deletion and has its alias",
    (kind) => {
      expect(resourceOf(prod, "aws_kms_key", `${kind}-key`)).toMatchObject({
        enable_key_rotation: true,
        deletion_window_in_days: 30,
      });
      expect(resourceOf(prod, "aws_kms_alias", `${kind}-key`)).toEqual(
        expect.objectContaining({
          name: `alias/gitana-prod-${kind}`,
          target_key_id: ref(prod, "aws_kms_key", `${kind}-key`, "key_id"),
        }),
      );
    },
  );

  test("keys carry prevent_destroy in prod and not in dev", () => {
    expect(resourcesOf(prod, "aws_kms_key").map(([, k]) => k.lifecycle)).toEqual(
      Array(4).fill({ prevent_destroy: true }),
    );
    expect(resourcesOf(dev, "aws_kms_key").map(([, k]) => k.lifecycle)).toEqual(
      Array(4).fill({ prevent_destroy: false }),
    );
  });

  test.each(["data", "secrets"])(
    "the %s key's policy only delegates to IAM of this account",
    (kind) => {
      expect(policyStatements(prod, resourceOf(prod, "aws_kms_key", `${kind}-key`).policy)).toEqual(
        [rootDelegation],
      );
    },
  );

  test("the logs key lets CloudWatch Logs use it for this account's log groups in this region", () => {
    expect(policyStatements(prod, resourceOf(prod, "aws_kms_key", "logs-key").policy)).toEqual([
      rootDelegation,
      {
        sid: "AllowCloudWatchLogsOfThisAccountAndRegion",
        actions: [
          "kms:Encrypt*",
          "kms:Decrypt*",
          "kms:ReEncrypt*",
          "kms:GenerateDataKey*",
          "kms:Describe*",
        ],
        resources: ["*"],
        principals: [{ type: "Service", identifiers: ["logs.eu-west-1.amazonaws.com"] }],
        condition: [
          {
            test: "ArnLike",
            variable: "kms:EncryptionContext:aws:logs:arn",
            values: ["arn:aws:logs:eu-west-1:111122223333:log-group:*"],
          },
        ],
      },
    ]);
  });

  test("the messaging key lets SNS topics encrypt into the queue, and alarms and EventBridge notify the encrypted alarm topic", () => {
    expect(policyStatements(prod, resourceOf(prod, "aws_kms_key", "messaging-key").policy)).toEqual(
      [
        rootDelegation,
        {
          sid: "AllowSnsOfThisAccountToEncryptIntoQueues",
          actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
          resources: ["*"],
          principals: [{ type: "Service", identifiers: ["sns.amazonaws.com"] }],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] },
            {
              test: "ArnLike",
              variable: "aws:SourceArn",
              values: ["arn:aws:sns:eu-west-1:111122223333:*"],
            },
          ],
        },
        {
          sid: "AllowCloudWatchAlarmsOfThisAccountToNotify",
          actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
          resources: ["*"],
          principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] },
            {
              test: "ArnLike",
              variable: "aws:SourceArn",
              values: ["arn:aws:cloudwatch:eu-west-1:111122223333:alarm:*"],
            },
          ],
        },
        {
          sid: "AllowEventBridgeToNotifyEncryptedTopics",
          actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
          resources: ["*"],
          principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
        },
      ],
    );
  });
});
