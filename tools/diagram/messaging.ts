/** SNS topics and SQS queues, and the edges that carry messages between them. */
import { built, type Built } from "./built";
import { referencedAddress, type Resources } from "../../synthesized/resources";
import { literal } from "../../synthesized/stack-json";
import type { DiagramEdge } from "./types";

/** A topic's subscriptions and a queue's redrive are the edges; IAM edges come from access.ts. */
export function messaging(stack: Resources): { nodes: Built[]; edges: DiagramEdge[] } {
  const nodes: Built[] = [];
  const ids = new Map<string, string>();
  for (const { address, attrs } of stack.ofType("aws_sns_topic")) {
    const name = literal(attrs.name) ?? address;
    ids.set(address, `sns:${name}`);
    const node = { id: `sns:${name}`, kind: "topic", title: "SNS topic", details: [name] } as const;
    nodes.push(
      built({ ...node, placement: "region" }, [address], { arn: { service: "sns", name } }),
    );
  }
  const queues = stack.ofType("aws_sqs_queue");
  const redrives = queues.map((q) => ({ queue: q.address, ...redrive(q.attrs.redrive_policy) }));
  for (const { address, attrs } of queues) {
    const name = literal(attrs.name) ?? address;
    ids.set(address, `sqs:${name}`);
    const isDlq = redrives.some((r) => r.target === address);
    nodes.push(
      built(
        {
          id: `sqs:${name}`,
          kind: "queue",
          title: isDlq ? "SQS dead-letter queue" : "SQS queue",
          details: [name],
          placement: "region",
        },
        [address],
        { arn: { service: "sqs", name } },
      ),
    );
  }
  const edges: DiagramEdge[] = [];
  for (const { attrs } of stack.ofType("aws_sns_topic_subscription")) {
    const from = ids.get(referencedAddress(attrs.topic_arn) ?? "");
    const to = ids.get(referencedAddress(attrs.endpoint) ?? "");
    if (from && to) edges.push({ from, to, kind: "messaging", label: "subscription" });
  }
  for (const { queue, target, receives } of redrives) {
    const from = ids.get(queue);
    const to = ids.get(target ?? "");
    const label = receives ? `after ${receives} receives` : "redrive";
    if (from && to) edges.push({ from, to, kind: "messaging", label });
  }
  return { nodes, edges };
}

// redrive_policy is a JSON string holding a reference: {"deadLetterTargetArn":"${aws_sqs_queue...arn}",...}
function redrive(policy: unknown): { target?: string; receives?: number } {
  if (typeof policy !== "string") return {};
  const receives = /"maxReceiveCount"\s*:\s*(\d+)/.exec(policy)?.[1];
  return { target: referencedAddress(policy), receives: receives ? Number(receives) : undefined };
}
