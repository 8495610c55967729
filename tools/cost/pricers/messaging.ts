import { formatQuantity, plural, type LineItem, type Pricer } from "../pricer";

/**
 * SQS and SNS cost nothing while idle; they bill requests and publishes (assumptions, for all
 * queues and all topics together). Deliveries from SNS to SQS are free. FIFO queues and topics
 * have other prices, which the table does not hold.
 */
export const messaging: Pricer = {
  types: ["aws_sqs_queue", "aws_sns_topic"],
  price(ctx) {
    const items: LineItem[] = [];
    const queues = ctx.stack.ofType("aws_sqs_queue").filter((q) => {
      if (q.attrs.fifo_queue === true) ctx.unpriced(q, "FIFO queues have no price in the table");
      return q.attrs.fifo_queue !== true;
    });
    const topics = ctx.stack.ofType("aws_sns_topic").filter((t) => {
      if (t.attrs.fifo_topic === true) ctx.unpriced(t, "FIFO topics have no price in the table");
      return t.attrs.fifo_topic !== true;
    });
    if (queues.length > 0) {
      const requests = ctx.assume("sqsRequestsMillions");
      items.push({
        component: "SQS/SNS",
        what: `${plural(queues.length, "queue")}: ${formatQuantity(requests)} M requests (assumed)`,
        monthlyUsd: requests * ctx.prices.sqs.requestsPerMillion.usd,
      });
    }
    if (topics.length > 0) {
      const publishes = ctx.assume("snsPublishesMillions");
      items.push({
        component: "SQS/SNS",
        what: `${plural(topics.length, "topic")}: ${formatQuantity(publishes)} M publishes (assumed)`,
        monthlyUsd: publishes * ctx.prices.sns.publishesPerMillion.usd,
      });
    }
    return items;
  },
};
