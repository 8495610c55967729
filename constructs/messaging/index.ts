import { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { SqsQueueRedriveAllowPolicy } from "@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy";
import type { AwsEnv } from "../core/aws-env";
import { denyAllWhen, kmsViaServiceStatement, WITHOUT_TLS, type Grantable } from "../core/grants";

export interface GitanaMessagingProps {
  readonly aws: AwsEnv;
  /** Prefix of the names, e.g. `gitana-prod`. */
  readonly namePrefix: string;
  /** KMS key of topic and queues; its policy must let SNS encrypt into the queue (see kms). */
  readonly kmsKeyArn: string;
  /** Deliveries of one message before it moves to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
}

/**
 * The API server's deployment notifications: it publishes to an SNS topic, which fans out to an
 * SQS queue the UI server polls. Both are KMS-encrypted (SNS.1, SQS.1); messages the UI fails to
 * handle five times go to a dead-letter queue that keeps them 14 days for inspection.
 */
export class GitanaMessaging extends Construct {
  readonly topicArn: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly queueName: string;
  readonly deadLetterQueueArn: string;
  readonly deadLetterQueueUrl: string;
  readonly deadLetterQueueName: string;
  private readonly aws: AwsEnv;
  private readonly kmsKeyArn: string;

  constructor(scope: Construct, id: string, props: GitanaMessagingProps) {
    super(scope, id);
    this.aws = props.aws;
    this.kmsKeyArn = props.kmsKeyArn;
    const maxReceiveCount = props.maxReceiveCount ?? 5;

    const topic = new SnsTopic(this, "topic", {
      name: `${props.namePrefix}-notifications`,
      displayName: `Gitana ${props.namePrefix} deployment notifications`,
      kmsMasterKeyId: props.kmsKeyArn,
    });
    this.topicArn = topic.arn;

    const deadLetters = new SqsQueue(this, "dead-letter-queue", {
      name: `${props.namePrefix}-ui-notifications-dlq`,
      kmsMasterKeyId: props.kmsKeyArn,
      kmsDataKeyReusePeriodSeconds: 300,
      messageRetentionSeconds: 14 * 24 * 3600,
    });
    this.deadLetterQueueArn = deadLetters.arn;
    this.deadLetterQueueUrl = deadLetters.url;
    this.deadLetterQueueName = deadLetters.name;

    const queue = new SqsQueue(this, "queue", {
      name: `${props.namePrefix}-ui-notifications`,
      kmsMasterKeyId: props.kmsKeyArn,
      kmsDataKeyReusePeriodSeconds: 300,
      // Long polling: fewer empty receives, lower cost, faster delivery to the UI.
      receiveWaitTimeSeconds: 20,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetters.arn, maxReceiveCount }),
    });
    this.queueUrl = queue.url;
    this.queueArn = queue.arn;
    this.queueName = queue.name;

    // Only this queue may redrive into the dead-letter queue. A resource of its own: set on the
    // dead-letter queue itself, it would make the two queues refer to each other (a cycle).
    new SqsQueueRedriveAllowPolicy(this, "dead-letter-redrive-allow", {
      queueUrl: deadLetters.url,
      redriveAllowPolicy: JSON.stringify({
        redrivePermission: "byQueue",
        sourceQueueArns: [queue.arn],
      }),
    });

    const onlyTls = (queueArn: string) =>
      denyAllWhen("DenyInsecureTransport", "sqs", [queueArn], WITHOUT_TLS);
    const queuePolicy = new DataAwsIamPolicyDocument(this, "queue-policy-document", {
      statement: [
        {
          sid: "OnlyTheGitanaTopicMaySend",
          actions: ["sqs:SendMessage"],
          resources: [queue.arn],
          principals: [{ type: "Service", identifiers: ["sns.amazonaws.com"] }],
          condition: [{ test: "ArnEquals", variable: "aws:SourceArn", values: [topic.arn] }],
        },
        onlyTls(queue.arn),
      ],
    });
    new SqsQueuePolicy(this, "queue-policy", { queueUrl: queue.url, policy: queuePolicy.json });
    const deadLetterPolicy = new DataAwsIamPolicyDocument(this, "dead-letter-policy-document", {
      statement: [onlyTls(deadLetters.arn)],
    });
    new SqsQueuePolicy(this, "dead-letter-policy", {
      queueUrl: deadLetters.url,
      policy: deadLetterPolicy.json,
    });

    new SnsTopicSubscription(this, "queue-subscription", {
      topicArn: topic.arn,
      protocol: "sqs",
      endpoint: queue.arn,
    });
  }

  /** Publish notifications (the API server), encrypting them with the topic's key through SNS. */
  grantPublish(grantee: Grantable): void {
    grantee.addToPolicy("notifications-publish", [
      {
        sid: "PublishToTheNotificationTopic",
        actions: ["sns:Publish"],
        resources: [this.topicArn],
      },
      kmsViaServiceStatement(
        "UseTopicKeyThroughSns",
        this.kmsKeyArn,
        ["kms:GenerateDataKey*", "kms:Decrypt"],
        "sns",
        this.aws.region,
      ),
    ]);
  }

  /** Poll and delete notifications (the UI server), decrypting them through SQS. */
  grantConsume(grantee: Grantable): void {
    grantee.addToPolicy("notifications-consume", [
      {
        sid: "ConsumeTheNotificationQueue",
        actions: [
          "sqs:ReceiveMessage",
          "sqs:DeleteMessage",
          "sqs:ChangeMessageVisibility",
          "sqs:GetQueueAttributes",
          "sqs:GetQueueUrl",
        ],
        resources: [this.queueArn],
      },
      kmsViaServiceStatement(
        "UseQueueKeyThroughSqs",
        this.kmsKeyArn,
        ["kms:Decrypt"],
        "sqs",
        this.aws.region,
      ),
    ]);
  }
}
