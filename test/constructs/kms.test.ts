import {
  cloudWatchAlarmsAccess,
  cloudWatchLogsAccess,
  EncryptionKey,
  eventBridgeAccess,
  snsAccessForEncryptedQueues,
  type EncryptionKeyProps,
} from "../../constructs/kms";
import { AWS, bareStack, synthStack } from "../helpers/bare-stack";
import { devInput, prodInput } from "../helpers/configs";
import {
  policyStatements,
  ref,
  resourceOf,
  resourcesOf,
  synthEnv,
  type StackJson,
} from "../helpers/synth";

/** An EncryptionKey alone on a bare stack. */
function keyStack(props: Partial<EncryptionKeyProps> = {}): StackJson {
  const stack = bareStack();
  new EncryptionKey(stack, "key", {
    aws: AWS,
    alias: "gitana-test-data",
    description: "d",
    ...props,
  });
  return synthStack(stack);
}
const statementsOf = (stack: StackJson, keyFragment = "") =>
  policyStatements(stack, resourceOf(stack, "aws_kms_key", keyFragment).policy);
const sids = (stack: StackJson, keyFragment = "") =>
  statementsOf(stack, keyFragment).map((s) => s.sid);

describe("EncryptionKey", () => {
  const bare = keyStack();

  test("rotates yearly and waits 30 days before deletion by default", () => {
    expect(resourceOf(bare, "aws_kms_key")).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: false },
    });
  });

  test("has its alias, pointing at it", () => {
    expect(resourceOf(bare, "aws_kms_alias")).toEqual(
      expect.objectContaining({
        name: "alias/gitana-test-data",
        target_key_id: ref(bare, "aws_kms_key", "key", "key_id"),
      }),
    );
  });

  test("carries prevent_destroy when asked", () => {
    expect(resourceOf(keyStack({ preventDestroy: true }), "aws_kms_key").lifecycle).toEqual({
      prevent_destroy: true,
    });
  });

  test("without service access, its policy only delegates to IAM of this account", () => {
    expect(statementsOf(bare)).toEqual([
      {
        sid: "EnableIamPoliciesOfThisAccount",
        actions: ["kms:*"],
        resources: ["*"],
        principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:root"] }],
      },
    ]);
  });

  test("service access is added after the delegation", () => {
    expect(sids(keyStack({ serviceAccess: [eventBridgeAccess()] }))).toEqual([
      "EnableIamPoliciesOfThisAccount",
      "AllowEventBridgeToNotifyEncryptedTopics",
    ]);
  });
});

describe("service access statements", () => {
  test("CloudWatch Logs of this region may use the key for this account's log groups only", () => {
    expect(cloudWatchLogsAccess(AWS)).toMatchObject({
      principals: [{ type: "Service", identifiers: ["logs.eu-west-1.amazonaws.com"] }],
      condition: [
        {
          test: "ArnLike",
          variable: "kms:EncryptionContext:aws:logs:arn",
          values: ["arn:aws:logs:eu-west-1:111122223333:log-group:*"],
        },
      ],
    });
  });

  test.each([
    [
      "SNS may encrypt into queues",
      snsAccessForEncryptedQueues,
      "sns.amazonaws.com",
      "arn:aws:sns:eu-west-1:111122223333:*",
    ],
    [
      "CloudWatch alarms may notify encrypted topics",
      cloudWatchAlarmsAccess,
      "cloudwatch.amazonaws.com",
      "arn:aws:cloudwatch:eu-west-1:111122223333:alarm:*",
    ],
  ])("%s, for this account's resources only", (_, access, principal, sourceArn) => {
    expect(access(AWS)).toMatchObject({
      actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
      principals: [{ type: "Service", identifiers: [principal] }],
      condition: [
        { test: "StringEquals", variable: "aws:SourceAccount", values: [AWS.accountId] },
        { test: "ArnLike", variable: "aws:SourceArn", values: [sourceArn] },
      ],
    });
  });

  test("EventBridge gets data keys without a condition: its KMS calls carry no source", () => {
    const statement = eventBridgeAccess();
    expect(statement.principals).toEqual([
      { type: "Service", identifiers: ["events.amazonaws.com"] },
    ]);
    expect(statement).not.toHaveProperty("condition");
  });
});

/** Which key each env makes, and which services each lets in: wiring across the layers. */
describe("an env's keys", () => {
  const prod = synthEnv("prod", prodInput());

  test("are the logs, data, messaging and secrets keys, aliased for the env", () => {
    expect(
      resourcesOf(prod, "aws_kms_alias")
        .map(([, a]) => a.name)
        .sort(),
    ).toEqual(["data", "logs", "messaging", "secrets"].map((kind) => `alias/gitana-prod-${kind}`));
  });

  test.each([
    ["logs", ["AllowCloudWatchLogsOfThisAccountAndRegion"]],
    ["data", []],
    ["secrets", []],
    [
      "messaging",
      [
        "AllowSnsOfThisAccountToEncryptIntoQueues",
        "AllowCloudWatchAlarmsOfThisAccountToNotify",
        "AllowEventBridgeToNotifyEncryptedTopics",
      ],
    ],
  ])("the %s key lets in %j beside IAM of this account", (kind, services) => {
    expect(sids(prod, `${kind}-key`)).toEqual(["EnableIamPoliciesOfThisAccount", ...services]);
  });

  test("carry prevent_destroy where the env protects its data (prod) and not elsewhere (dev)", () => {
    const lifecycles = (stack: StackJson) =>
      resourcesOf(stack, "aws_kms_key").map(([, k]) => k.lifecycle);
    expect(lifecycles(prod)).toEqual(Array(4).fill({ prevent_destroy: true }));
    expect(lifecycles(synthEnv("dev", devInput()))).toEqual(
      Array(4).fill({ prevent_destroy: false }),
    );
  });
});
