import { prodInput } from "../helpers/configs";
import { policyStatements, ref, resourceOf, synthEnv } from "../helpers/synth";

const prod = synthEnv("prod", prodInput());
const topic = ref(prod, "aws_sns_topic", "messaging_topic", "arn");
const queueArn = ref(prod, "aws_sqs_queue", "messaging_queue_", "arn");
const dlqArn = ref(prod, "aws_sqs_queue", "dead-letter-queue", "arn");
const messagingKey = ref(prod, "aws_kms_key", "messaging-key", "arn");

describe("GitanaMessaging", () => {
  test("the topic and both queues are encrypted with the messaging key (SNS.1, SQS.1)", () => {
    expect(resourceOf(prod, "aws_sns_topic", "messaging_topic")).toMatchObject({
      name: "gitana-prod-notifications",
      kms_master_key_id: messagingKey,
    });
    expect(resourceOf(prod, "aws_sqs_queue", "messaging_queue_")).toMatchObject({
      name: "gitana-prod-ui-notifications",
      kms_master_key_id: messagingKey,
    });
    expect(resourceOf(prod, "aws_sqs_queue", "dead-letter-queue")).toMatchObject({
      name: "gitana-prod-ui-notifications-dlq",
      kms_master_key_id: messagingKey,
      message_retention_seconds: 1209600,
    });
  });

  test("failed messages move to the dead-letter queue after five receives, and only this queue may redrive there", () => {
    expect(
      JSON.parse(resourceOf(prod, "aws_sqs_queue", "messaging_queue_").redrive_policy as string),
    ).toEqual({
      deadLetterTargetArn: dlqArn,
      maxReceiveCount: 5,
    });
    const allow = resourceOf(prod, "aws_sqs_queue_redrive_allow_policy");
    expect(allow.queue_url).toBe(ref(prod, "aws_sqs_queue", "dead-letter-queue", "url"));
    expect(JSON.parse(allow.redrive_allow_policy as string)).toEqual({
      redrivePermission: "byQueue",
      sourceQueueArns: [queueArn],
    });
  });

  test("the queue subscribes to the topic", () => {
    expect(resourceOf(prod, "aws_sns_topic_subscription")).toMatchObject({
      topic_arn: topic,
      protocol: "sqs",
      endpoint: queueArn,
    });
  });

  test("the queue policy accepts messages from this topic only, and only over TLS", () => {
    const policy = resourceOf(prod, "aws_sqs_queue_policy", "messaging_queue-policy");
    expect(policy.queue_url).toBe(ref(prod, "aws_sqs_queue", "messaging_queue_", "url"));
    expect(policyStatements(prod, policy.policy)).toEqual([
      {
        sid: "OnlyTheGitanaTopicMaySend",
        actions: ["sqs:SendMessage"],
        resources: [queueArn],
        principals: [{ type: "Service", identifiers: ["sns.amazonaws.com"] }],
        condition: [{ test: "ArnEquals", variable: "aws:SourceArn", values: [topic] }],
      },
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        actions: ["sqs:*"],
        resources: [queueArn],
        principals: [{ type: "*", identifiers: ["*"] }],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
    ]);
  });

  test("the dead-letter queue also refuses requests without TLS", () => {
    const policy = resourceOf(prod, "aws_sqs_queue_policy", "dead-letter-policy");
    expect(policy.queue_url).toBe(ref(prod, "aws_sqs_queue", "dead-letter-queue", "url"));
    expect(policyStatements(prod, policy.policy)).toEqual([
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        actions: ["sqs:*"],
        resources: [dlqArn],
        principals: [{ type: "*", identifiers: ["*"] }],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
    ]);
  });
});
