import type { Control } from "./control";
import { resource, view, ref, policyDocument } from "../fixtures";

/** SNS and SQS: a topic, a queue, its subscription and policy. */
const topic = resource("aws_sns_topic", "notifications", { kms_master_key_id: "alias/k" });
const queue = (attrs: Record<string, unknown> = {}) => resource("aws_sqs_queue", "queue", attrs);
const subscribedQueue = (statement: Record<string, unknown>) => {
  const q = queue();
  const document = policyDocument("queue_policy", [statement]);
  return view(
    topic,
    q,
    document,
    resource("aws_sns_topic_subscription", "sub", { endpoint: ref(q, "arn") }),
    resource("aws_sqs_queue_policy", "policy", {
      queue_url: ref(q, "url"),
      policy: `\${${document.address}.json}`,
    }),
  );
};

export const messagingControls: Record<string, Control> = {
  "SNS.1": {
    passes: [["a KMS key", () => view(topic)]],
    fails: [["no KMS key", () => view(resource("aws_sns_topic", "t")), "no KMS key"]],
  },
  "SQS.1": {
    passes: [["a KMS key", () => view(queue({ kms_master_key_id: "alias/k" }))]],
    fails: [["no KMS key", () => view(queue()), "no KMS key"]],
  },
  "Gitana.SqsDeadLetter": {
    passes: [
      ["a redrive policy", () => view(queue({ redrive_policy: '{"maxReceiveCount":5}' }))],
      [
        "the dead-letter queue itself",
        () => {
          const dlq = resource("aws_sqs_queue", "dlq");
          return view(
            dlq,
            queue({ redrive_policy: `{"deadLetterTargetArn":"${ref(dlq, "arn")}"}` }),
          );
        },
      ],
    ],
    fails: [["no redrive policy", () => view(queue()), "no redrive policy"]],
  },
  "Gitana.SqsSourceScoped": {
    passes: [
      [
        "the queue policy names the topic in aws:SourceArn",
        () =>
          subscribedQueue({
            effect: "Allow",
            condition: [
              { test: "ArnEquals", variable: "aws:SourceArn", values: [ref(topic, "arn")] },
            ],
          }),
      ],
    ],
    fails: [
      [
        "the queue policy admits any sender",
        () => subscribedQueue({ effect: "Allow" }),
        "queue policy does not limit senders by aws:SourceArn",
      ],
    ],
  },
};
