import {
  formatQuantity,
  monthly,
  plural,
  type LineItem,
  type Pricer,
  type PricingContext,
} from "../pricer";
import { refersTo, type Resource } from "../../../synthesized/resources";
import { block, blocks, num } from "../../../synthesized/stack-json";

/** Every Fargate task gets this much ephemeral storage free; more is billed per GB-hour. */
const FREE_EPHEMERAL_GIB = 20;

/** How many of a service's tasks run on each capacity provider. */
interface TaskSplit {
  onDemand: number;
  spot: number;
}

/**
 * Fargate: for each ECS service, its task definition's vCPU and memory × its task count, at the
 * price of the task's CPU architecture and of the capacity provider each task lands on.
 * An autoscaled service is priced at `desired_count`, which this project sets to the scaling
 * minimum: the estimate is the floor, not what a busy month costs.
 */
export const fargate: Pricer = {
  types: ["aws_ecs_service", "aws_ecs_task_definition"],
  price(ctx) {
    return ctx.stack.ofType("aws_ecs_service").flatMap((service) => priceService(ctx, service));
  },
};

function priceService(ctx: PricingContext, service: Resource): LineItem[] {
  const task = ctx.stack.referenced(service.attrs.task_definition, "aws_ecs_task_definition");
  if (!task) {
    ctx.unpriced(service, "its task definition is not a resource of this stack");
    return [];
  }
  const vcpu = (num(task.attrs.cpu) ?? NaN) / 1024;
  const gb = (num(task.attrs.memory) ?? NaN) / 1024;
  if (!(vcpu > 0 && gb > 0)) {
    ctx.unpriced(service, "its task definition has no literal task-level cpu and memory");
    return [];
  }
  const split = taskSplit(ctx, service);
  if (!split) {
    ctx.unpriced(service, "it runs on a capacity provider other than FARGATE or FARGATE_SPOT");
    return [];
  }
  const arch =
    block(task.attrs.runtime_platform)?.cpu_architecture === "ARM64" ? "ARM64" : "X86_64";
  const onDemand = ctx.prices.fargate.onDemand[arch];
  const spot = ctx.prices.fargate.spot[arch];
  const perTask = (p: typeof onDemand): number => vcpu * p.vcpuHour.usd + gb * p.gbHour.usd;
  const extraGib = Math.max(
    0,
    (num(block(task.attrs.ephemeral_storage)?.size_in_gib) ?? 0) - FREE_EPHEMERAL_GIB,
  );
  const storage = extraGib * ctx.prices.fargate.ephemeralStorageGbHour.usd;
  const tasks = split.onDemand + split.spot;
  const hourly = split.onDemand * perTask(onDemand) + split.spot * perTask(spot) + tasks * storage;
  const name = typeof service.attrs.name === "string" ? service.attrs.name : service.name;
  const what = [
    `${name}: ${plural(tasks, "task")} × ${formatQuantity(vcpu)} vCPU / ${formatQuantity(gb)} GB ${arch}`,
    describeSplit(split),
    extraGib > 0 ? `+${formatQuantity(extraGib)} GiB ephemeral storage each` : "",
    autoscalingNote(ctx, service),
  ].filter((part) => part !== "");
  return [{ component: "Fargate", what: what.join(", "), monthlyUsd: monthly(ctx, hourly) }];
}

/**
 * ECS places the first `base` tasks on their providers in strategy order, then shares the rest by
 * weight. A service without a strategy or launch type uses its cluster's default strategy.
 */
function taskSplit(ctx: PricingContext, service: Resource): TaskSplit | undefined {
  let remaining = num(service.attrs.desired_count) ?? 0;
  let strategy = blocks(service.attrs.capacity_provider_strategy);
  if (strategy.length === 0 && service.attrs.launch_type === undefined) {
    strategy = clusterDefaultStrategy(ctx, service);
  }
  if (strategy.length === 0) {
    return service.attrs.launch_type === undefined || service.attrs.launch_type === "FARGATE"
      ? { onDemand: remaining, spot: 0 }
      : undefined;
  }
  const SLOTS: Record<string, keyof TaskSplit> = { FARGATE: "onDemand", FARGATE_SPOT: "spot" };
  const items = strategy.map((item) => ({
    slot: SLOTS[String(item.capacity_provider)] as keyof TaskSplit | undefined,
    base: num(item.base) ?? 0,
    weight: num(item.weight) ?? 0,
  }));
  const split: TaskSplit = { onDemand: 0, spot: 0 };
  for (const { slot, base } of items) {
    if (slot === undefined) return undefined;
    const placed = Math.min(base, remaining);
    split[slot] += placed;
    remaining -= placed;
  }
  const totalWeight = items.reduce((sum, item) => sum + item.weight, 0);
  for (const { slot, weight } of items) {
    const share = totalWeight > 0 ? weight / totalWeight : 1 / items.length;
    if (slot !== undefined) split[slot] += remaining * share;
  }
  return split;
}

function clusterDefaultStrategy(ctx: PricingContext, service: Resource): Record<string, unknown>[] {
  const cluster = ctx.stack
    .ofType("aws_ecs_cluster")
    .find((c) => refersTo(service.attrs.cluster, c));
  const providers = ctx.stack
    .ofType("aws_ecs_cluster_capacity_providers")
    .find((p) => cluster !== undefined && refersTo(p.attrs.cluster_name, cluster));
  return blocks(providers?.attrs.default_capacity_provider_strategy);
}

function describeSplit(split: TaskSplit): string {
  if (split.spot === 0) return "on-demand";
  if (split.onDemand === 0) return "Spot";
  return `${formatQuantity(split.onDemand)} on-demand + ${formatQuantity(split.spot)} Spot`;
}

function autoscalingNote(ctx: PricingContext, service: Resource): string {
  const target = ctx.stack
    .ofType("aws_appautoscaling_target")
    .find((t) => refersTo(t.attrs.resource_id, service));
  if (!target) return "";
  const min = num(target.attrs.min_capacity);
  const max = num(target.attrs.max_capacity);
  const desired = num(service.attrs.desired_count) ?? 0;
  return desired === min
    ? `autoscales ${min}-${max ?? "?"}, priced at its minimum`
    : `autoscales ${min ?? "?"}-${max ?? "?"}, priced at desired_count ${desired}`;
}
