import { formatQuantity, plural, type Pricer } from "../pricer";
import { type Resource } from "../../../synthesized/resources";
import { num } from "../../../synthesized/stack-json";

const DAYS_PER_MONTH = 365 / 12;

/**
 * CloudWatch Logs: the assumed monthly ingestion (flow logs and WAF logs included), spread evenly
 * over the stack's log groups, and what each group keeps at steady state: a month's share times
 * its retention. A group that never expires is counted as `logsNeverExpireMonths` of logs.
 */
export const cloudWatchLogs: Pricer = {
  types: ["aws_cloudwatch_log_group", "aws_flow_log", "aws_wafv2_web_acl_logging_configuration"],
  price(ctx) {
    const groups: Resource[] = [];
    for (const group of ctx.stack.ofType("aws_cloudwatch_log_group")) {
      const cls = group.attrs.log_group_class ?? "STANDARD";
      if (cls !== "STANDARD") {
        ctx.unpriced(group, `the ${String(cls)} log class has no price in the table`);
        continue;
      }
      groups.push(group);
    }
    if (groups.length === 0) return [];
    const ingested = ctx.assume("logsIngestedGb");
    const share = ingested / groups.length;
    let neverExpire = 0;
    const storedMonths = groups.reduce((sum, group) => {
      const days = num(group.attrs.retention_in_days) ?? 0;
      if (days === 0) neverExpire += 1;
      return sum + (days === 0 ? ctx.assume("logsNeverExpireMonths") : days / DAYS_PER_MONTH);
    }, 0);
    const stored = share * storedMonths;
    const p = ctx.prices.cloudwatch;
    return [
      {
        component: "CloudWatch Logs",
        what: `${formatQuantity(ingested)} GB ingested (assumed) into ${plural(groups.length, "log group")}`,
        monthlyUsd: ingested * p.logsIngestedGb.usd,
      },
      {
        component: "CloudWatch Logs",
        what:
          `${formatQuantity(Math.round(stored * 10) / 10)} GB kept at steady state (each group's share × its retention` +
          (neverExpire > 0
            ? `; ${plural(neverExpire, "group")} never ${neverExpire === 1 ? "expires" : "expire"}`
            : "") +
          ")",
        monthlyUsd: stored * p.logsStoredGbMonth.usd,
      },
    ];
  },
};

/** CloudWatch alarms: each standard-resolution alarm on one metric, by the month. */
export const cloudWatchAlarms: Pricer = {
  types: ["aws_cloudwatch_metric_alarm"],
  price(ctx) {
    const alarms = ctx.stack.ofType("aws_cloudwatch_metric_alarm");
    if (alarms.length === 0) return [];
    return [
      {
        component: "CloudWatch alarms",
        what: plural(alarms.length, "standard-resolution alarm"),
        monthlyUsd: alarms.length * ctx.prices.cloudwatch.alarmMonth.usd,
      },
    ];
  },
};
