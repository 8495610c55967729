import { ofType, policyStatements, refersTo, type PlanView } from "../plan-view";
import { perResource, type Rule } from "../rule";

const queues = (view: PlanView) => ofType(view, "aws_sqs_queue");
/** Queues other queues redrive into are the dead-letter queues. */
const isDeadLetterQueue = (view: PlanView, queue: ReturnType<typeof queues>[number]) =>
  queues(view).some((q) => refersTo(q.attrs.redrive_policy, queue));

export const messagingRules: Rule[] = [
  perResource(
    "SNS.1",
    "SNS topics are encrypted with KMS",
    (v) => ofType(v, "aws_sns_topic"),
    (t) => (t.attrs.kms_master_key_id ? undefined : "no KMS key"),
    "encrypted with a KMS key",
  ),
  perResource(
    "SQS.1",
    "SQS queues are encrypted with KMS",
    queues,
    (q) => (q.attrs.kms_master_key_id ? undefined : "no KMS key"),
    "encrypted with a KMS key",
  ),
  perResource(
    "Gitana.SqsDeadLetter",
    "SQS queues redrive failed messages to a dead-letter queue",
    queues,
    (q, view) =>
      isDeadLetterQueue(view, q) || q.attrs.redrive_policy ? undefined : "no redrive policy",
    "redrives to a dead-letter queue (or is one)",
  ),
  perResource(
    "Gitana.SqsSourceScoped",
    "SNS may send to a subscribed queue only from its topic",
    (v) =>
      queues(v).filter((q) =>
        ofType(v, "aws_sns_topic_subscription").some((s) => refersTo(s.attrs.endpoint, q)),
      ),
    (q, view) => {
      const policy = ofType(view, "aws_sqs_queue_policy").find((p) =>
        refersTo(p.attrs.queue_url, q),
      );
      const statements = policyStatements(view, policy?.attrs.policy) ?? [];
      const scoped = statements.some(
        (s) =>
          s.effect !== "Deny" &&
          JSON.stringify(s.condition ?? []).includes('"variable":"aws:SourceArn"'),
      );
      return scoped ? undefined : "queue policy does not limit senders by aws:SourceArn";
    },
    "queue policy admits only the topic (aws:SourceArn)",
  ),
];
