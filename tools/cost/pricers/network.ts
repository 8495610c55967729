import { formatQuantity, monthly, plural, type LineItem, type Pricer } from "../pricer";
import { block, blocks, literalList, num } from "../../../synthesized/stack-json";

/** NAT gateways: by the hour, plus every GB they process (an assumption). */
export const natGateways: Pricer = {
  types: ["aws_nat_gateway"],
  price(ctx) {
    const count = ctx.stack.ofType("aws_nat_gateway").length;
    if (count === 0) return [];
    const gb = ctx.assume("natDataProcessedGb");
    return [
      {
        component: "NAT gateways",
        what: plural(count, "NAT gateway"),
        monthlyUsd: count * monthly(ctx, ctx.prices.natGateway.hour.usd),
      },
      {
        component: "NAT gateways",
        what: `${formatQuantity(gb)} GB processed (assumed)`,
        monthlyUsd: gb * ctx.prices.natGateway.dataProcessedGb.usd,
      },
    ];
  },
};

/**
 * Every public IPv4 address is billed by the hour: the Elastic IPs (here, the NAT gateways'), one
 * per AZ of each internet-facing load balancer, and one per task that assigns itself a public IP.
 */
export const publicIpv4: Pricer = {
  types: ["aws_eip"],
  price(ctx) {
    const eips = ctx.stack.ofType("aws_eip").length;
    let lbAddresses = 0;
    let internetFacing = 0;
    for (const lb of ctx.stack.ofType("aws_lb")) {
      if (lb.attrs.internal === true || lb.attrs.load_balancer_type === "gateway") continue;
      const azs = (literalList(lb.attrs.subnets) ?? blocks(lb.attrs.subnet_mapping)).length;
      if (azs === 0) {
        ctx.unpriced(lb, "its public IPv4 addresses cannot be counted: no literal subnet list");
        continue;
      }
      internetFacing += 1;
      lbAddresses += azs;
    }
    const taskAddresses = ctx.stack
      .ofType("aws_ecs_service")
      .filter((s) => block(s.attrs.network_configuration)?.assign_public_ip === true)
      .reduce((sum, s) => sum + (num(s.attrs.desired_count) ?? 0), 0);
    const parts = [
      eips > 0 ? plural(eips, "Elastic IP") : "",
      lbAddresses > 0
        ? `${formatQuantity(lbAddresses)} for ${plural(internetFacing, "internet-facing load balancer")} (one per AZ)`
        : "",
      taskAddresses > 0 ? `${formatQuantity(taskAddresses)} for tasks with a public IP` : "",
    ].filter((p) => p !== "");
    const addresses = eips + lbAddresses + taskAddresses;
    if (addresses === 0) return [];
    return [
      {
        component: "Public IPv4",
        what: `${plural(addresses, "address", "addresses")}: ${parts.join(", ")}`,
        monthlyUsd: addresses * monthly(ctx, ctx.prices.publicIpv4.hour.usd),
      },
    ];
  },
};

/** Application load balancers: by the hour, plus the LCUs they use (an assumption). */
export const loadBalancers: Pricer = {
  types: ["aws_lb"],
  price(ctx) {
    const items: LineItem[] = [];
    for (const lb of ctx.stack.ofType("aws_lb")) {
      const type = lb.attrs.load_balancer_type ?? "application";
      if (type !== "application") {
        ctx.unpriced(lb, `a ${String(type)} load balancer has no price in the table`);
        continue;
      }
      const name = typeof lb.attrs.name === "string" ? lb.attrs.name : lb.name;
      const lcu = ctx.assume("albLcuPerHour");
      const hourly = ctx.prices.alb.hour.usd + lcu * ctx.prices.alb.lcuHour.usd;
      items.push({
        component: "Load balancers",
        what: `${name} (${lb.attrs.internal === true ? "internal" : "internet-facing"}), ${formatQuantity(lcu)} LCU (assumed)`,
        monthlyUsd: monthly(ctx, hourly),
      });
    }
    return items;
  },
};

/**
 * Interface endpoints bill per endpoint per AZ (one network interface per subnet) by the hour,
 * plus data processed. Gateway endpoints (S3, DynamoDB) are free.
 */
export const vpcEndpoints: Pricer = {
  types: ["aws_vpc_endpoint"],
  price(ctx) {
    let azHours = 0;
    let endpoints = 0;
    for (const endpoint of ctx.stack.ofType("aws_vpc_endpoint")) {
      const type = endpoint.attrs.vpc_endpoint_type ?? "Gateway";
      if (type === "Gateway") continue;
      const subnets = literalList(endpoint.attrs.subnet_ids)?.length ?? 0;
      if (type !== "Interface" || subnets === 0) {
        ctx.unpriced(
          endpoint,
          type !== "Interface"
            ? `a ${String(type)} endpoint has no price in the table`
            : "no literal subnet list",
        );
        continue;
      }
      endpoints += 1;
      azHours += subnets;
    }
    if (endpoints === 0) return [];
    const gb = ctx.assume("interfaceEndpointDataProcessedGb");
    return [
      {
        component: "VPC endpoints",
        what: `${plural(endpoints, "interface endpoint")} × AZs = ${plural(azHours, "endpoint-AZ")}`,
        monthlyUsd: azHours * monthly(ctx, ctx.prices.interfaceEndpoint.azHour.usd),
      },
      {
        component: "VPC endpoints",
        what: `${formatQuantity(gb)} GB processed (assumed)`,
        monthlyUsd: gb * ctx.prices.interfaceEndpoint.dataProcessedGb.usd,
      },
    ];
  },
};
