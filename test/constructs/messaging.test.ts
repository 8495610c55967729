import { GitanaMessaging, type GitanaMessagingProps } from "../../constructs/messaging";
import { AWS, bareStack, synthStack } from "../helpers/bare-stack";
import { prodInput } from "../helpers/configs";
import { recordingGrantee } from "../helpers/grantee";
import { policyStatements, ref, resourceOf, synthEnv, type StackJson } from "../helpers/synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/messaging";

/** GitanaMessaging alone on a bare stack, and the construct itself for its grants. */
function messaging(props: Partial<GitanaMessagingProps> = {}) {
  const stack = bareStack();
  const construct = new GitanaMessaging(stack, "messaging", {
    aws: AWS,
    namePrefix: "gitana-test",
    kmsKeyArn: KEY,
    ...props,
  });
  return { construct, json: synthStack(stack) };
}
describe("GitanaMessaging", () => {
  const { construct, json } = messaging();
  const queue = (attribute: string) => ref(json, "aws_sqs_queue", "messaging_queue_", attribute);
  const deadLetters = (attribute: string) =>
    ref(json, "aws_sqs_queue", "dead-letter-queue", attribute);
  const topicArn = ref(json, "aws_sns_topic", "topic", "arn");
  const queuePolicy = (fragment: string): [string, Record<string, unknown>[]] => {
    const policy = resourceOf(json, "aws_sqs_queue_policy", fragment);
    return [policy.queue_url as string, policyStatements(json, policy.policy)];
  };

  test("the topic and both queues are named for the env and encrypted with the key given (SNS.1, SQS.1)", () => {
    expect(
      [
        resourceOf(json, "aws_sns_topic"),
        resourceOf(json, "aws_sqs_queue", "messaging_queue_"),
        resourceOf(json, "aws_sqs_queue", "dead-letter-queue"),
      ].map((r) => [r.name, r.kms_master_key_id]),
    ).toEqual([
      ["gitana-test-notifications", KEY],
      ["gitana-test-ui-notifications", KEY],
      ["gitana-test-ui-notifications-dlq", KEY],
    ]);
  });

  test("the dead-letter queue keeps failed messages 14 days for inspection", () => {
    expect(resourceOf(json, "aws_sqs_queue", "dead-letter-queue").message_retention_seconds).toBe(
      14 * 24 * 3600,
    );
  });

  test("the queue long-polls", () => {
    expect(resourceOf(json, "aws_sqs_queue", "messaging_queue_").receive_wait_time_seconds).toBe(
      20,
    );
  });

  test("failed messages move to the dead-letter queue after five receives by default", () => {
    expect(
      JSON.parse(resourceOf(json, "aws_sqs_queue", "messaging_queue_").redrive_policy as string),
    ).toEqual({ deadLetterTargetArn: deadLetters("arn"), maxReceiveCount: 5 });
  });

  test("maxReceiveCount sets the receives before a message is dead-lettered", () => {
    const { json: patient } = messaging({ maxReceiveCount: 10 });
    const redrive = resourceOf(patient, "aws_sqs_queue", "messaging_queue_").redrive_policy;
    expect(JSON.parse(redrive as string).maxReceiveCount).toBe(10);
  });

  test("only the queue may redrive into the dead-letter queue", () => {
    const allow = resourceOf(json, "aws_sqs_queue_redrive_allow_policy");
    expect(allow.queue_url).toBe(deadLetters("url"));
    expect(JSON.parse(allow.redrive_allow_policy as string)).toEqual({
      redrivePermission: "byQueue",
      sourceQueueArns: [queue("arn")],
    });
  });

  test("the queue subscribes to the topic", () => {
    expect(resourceOf(json, "aws_sns_topic_subscription")).toMatchObject({
      topic_arn: topicArn,
      protocol: "sqs",
      endpoint: queue("arn"),
    });
  });

  test("the queue accepts SendMessage from SNS for this topic only", () => {
    const [url, statements] = queuePolicy("messaging_queue-policy");
    expect(url).toBe(queue("url"));
    expect(statements.find((s) => s.effect !== "Deny")).toEqual({
      sid: "OnlyTheGitanaTopicMaySend",
      actions: ["sqs:SendMessage"],
      resources: [queue("arn")],
      principals: [{ type: "Service", identifiers: ["sns.amazonaws.com"] }],
      condition: [{ test: "ArnEquals", variable: "aws:SourceArn", values: [topicArn] }],
    });
  });

  test.each([
    ["queue", "messaging_queue-policy", "messaging_queue_"],
    ["dead-letter queue", "dead-letter-policy", "dead-letter-queue"],
  ])("the %s refuses every request without TLS", (_, policy, queueFragment) => {
    const [, statements] = queuePolicy(policy);
    expect(statements.filter((s) => s.effect === "Deny")).toEqual([
      expect.objectContaining({
        actions: ["sqs:*"],
        resources: [ref(json, "aws_sqs_queue", queueFragment, "arn")],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      }),
    ]);
  });

  test("grantPublish lets a role publish to the topic, using the key only through SNS", () => {
    const grantee = recordingGrantee();
    construct.grantPublish(grantee);
    expect(grantee.policies["notifications-publish"]).toEqual([
      expect.objectContaining({ actions: ["sns:Publish"], resources: [construct.topicArn] }),
      expect.objectContaining({
        actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
        resources: [KEY],
        condition: [
          {
            test: "StringEquals",
            variable: "kms:ViaService",
            values: ["sns.eu-west-1.amazonaws.com"],
          },
        ],
      }),
    ]);
  });

  test("grantConsume lets a role receive and delete from the queue, decrypting only through SQS", () => {
    const grantee = recordingGrantee();
    construct.grantConsume(grantee);
    const [consume, decrypt] = grantee.policies["notifications-consume"];
    expect(consume.resources).toEqual([construct.queueArn]);
    expect(consume.actions).toEqual(
      expect.arrayContaining(["sqs:ReceiveMessage", "sqs:DeleteMessage"]),
    );
    expect(consume.actions).not.toContain("sqs:SendMessage");
    expect(decrypt).toMatchObject({
      actions: ["kms:Decrypt"],
      resources: [KEY],
      condition: [
        {
          test: "StringEquals",
          variable: "kms:ViaService",
          values: ["sqs.eu-west-1.amazonaws.com"],
        },
      ],
    });
  });
});

describe("an env's messaging", () => {
  test("is encrypted with the env's messaging key", () => {
    const prod: StackJson = synthEnv("prod", prodInput());
    expect(resourceOf(prod, "aws_sns_topic", "messaging_topic").kms_master_key_id).toBe(
      ref(prod, "aws_kms_key", "messaging-key", "arn"),
    );
  });
});
