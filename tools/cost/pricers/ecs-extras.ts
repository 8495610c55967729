import { plural, type Pricer } from "../pricer";
import { refersTo } from "../../../synthesized/resources";
import { block, blocks, num } from "../../../synthesized/stack-json";

/**
 * ECS Service Connect itself is free, but each task of a service that offers endpoints is
 * registered as an instance in the Cloud Map namespace, once per endpoint; Cloud Map bills
 * registered instances by the month.
 */
export const serviceConnect: Pricer = {
  types: ["aws_service_discovery_http_namespace"],
  price(ctx) {
    let instances = 0;
    const names: string[] = [];
    for (const service of ctx.stack.ofType("aws_ecs_service")) {
      const config = block(service.attrs.service_connect_configuration);
      const endpoints = blocks(config?.service).length;
      if (config?.enabled !== true || endpoints === 0) continue;
      instances += (num(service.attrs.desired_count) ?? 0) * endpoints;
      names.push(typeof service.attrs.name === "string" ? service.attrs.name : service.name);
    }
    if (instances === 0) return [];
    return [
      {
        component: "Service Connect",
        what: `${plural(instances, "Cloud Map instance")} (one per task of ${names.join(", ")})`,
        monthlyUsd: instances * ctx.prices.cloudMap.registeredInstanceMonth.usd,
      },
    ];
  },
};

/**
 * Container Insights publishes per-cluster and per-service metrics, billed as custom metrics. How
 * many depends on what ECS emits, so both counts are assumptions. Its performance log events go
 * to CloudWatch Logs and belong to the assumed log ingestion.
 */
export const containerInsights: Pricer = {
  types: ["aws_ecs_cluster"],
  price(ctx) {
    return ctx.stack.ofType("aws_ecs_cluster").flatMap((cluster) => {
      const setting = blocks(cluster.attrs.setting).find((s) => s.name === "containerInsights");
      if (setting === undefined || setting.value === "disabled") return [];
      if (setting.value !== "enabled") {
        ctx.unpriced(cluster, `Container Insights "${String(setting.value)}" is not priced`);
        return [];
      }
      const services = ctx.stack
        .ofType("aws_ecs_service")
        .filter((s) => refersTo(s.attrs.cluster, cluster)).length;
      const metrics =
        ctx.assume("containerInsightsMetricsPerCluster") +
        services * ctx.assume("containerInsightsMetricsPerService");
      const name = typeof cluster.attrs.name === "string" ? cluster.attrs.name : cluster.name;
      return [
        {
          component: "Container Insights",
          what: `${name}: ${plural(metrics, "metric")} (1 cluster + ${plural(services, "service")}, assumed counts)`,
          monthlyUsd: metrics * ctx.prices.cloudwatch.metricMonth.usd,
        },
      ];
    });
  },
};
