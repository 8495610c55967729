/** Load balancers and ECS services, with what IAM needs to know about each service's roles. */
import { built, type Built } from "./built";
import type { Network } from "./network";
import { block, blocks, literal, refAddress, refsIn, resources, type StackJson } from "./stack";

/** A service's roles: its task role (what the app may do) and execution role (what ECS does). */
export interface ServiceRoles {
  readonly nodeId: string;
  readonly taskRole?: string;
  readonly executionRole?: string;
  /** The container definitions, where the secrets ECS injects at start are referenced. */
  readonly containerDefinitions: unknown;
}

export function albNodes(stack: StackJson, network: Network): Built[] {
  return resources(stack, "aws_lb").map(({ address, attrs }) => {
    const name = literal(attrs.name) ?? address;
    const referencing = (type: string) =>
      resources(stack, type).filter((r) => refsIn(r.attrs).some((ref) => ref.address === address));
    // The public name is the Route 53 alias that points at the load balancer.
    const dnsNames = referencing("aws_route53_record")
      .filter((record) => refAddress(block(record.attrs.alias)?.name) === address)
      .map((record) => literal(record.attrs.name) ?? "?")
      .sort();
    const waf = referencing("aws_wafv2_web_acl_association").length > 0;
    const scheme = attrs.internal === true ? "internal" : "internet-facing";
    return built(
      {
        id: `alb:${name}`,
        kind: "alb",
        title: name,
        details: [...dnsNames, waf ? `ALB, ${scheme}, WAF` : `ALB, ${scheme}`],
        placement: network.placementOf(attrs.subnets),
      },
      [address],
      { securityGroups: refsIn(attrs.security_groups).map((ref) => ref.address) },
    );
  });
}

export function serviceNodes(
  stack: StackJson,
  network: Network,
): { nodes: Built[]; roles: ServiceRoles[] } {
  const taskDefinitions = new Map(
    resources(stack, "aws_ecs_task_definition").map((r) => [r.address, r.attrs]),
  );
  const nodes: Built[] = [];
  const roles: ServiceRoles[] = [];
  for (const { address, attrs } of resources(stack, "aws_ecs_service")) {
    const name = literal(attrs.name) ?? address;
    const id = `service:${name}`;
    const networkConfig = block(attrs.network_configuration);
    const aliases = blocks(block(attrs.service_connect_configuration)?.service).flatMap((s) =>
      blocks(s.client_alias).map((alias) => `${literal(alias.dns_name) ?? "?"}:${alias.port}`),
    );
    nodes.push(
      built(
        {
          id,
          kind: "service",
          title: name,
          details: [
            aliases.length ? `Service Connect ${aliases.join(", ")}` : "Service Connect client",
            `${taskCount(stack, address, attrs)}, ${capacity(attrs)}`,
          ],
          placement: network.placementOf(networkConfig?.subnets),
          inEcsCluster: true,
        },
        [address],
        { securityGroups: refsIn(networkConfig?.security_groups).map((ref) => ref.address) },
      ),
    );
    const taskDefinition = taskDefinitions.get(refAddress(attrs.task_definition) ?? "") ?? {};
    roles.push({
      nodeId: id,
      taskRole: refAddress(taskDefinition.task_role_arn),
      executionRole: refAddress(taskDefinition.execution_role_arn),
      containerDefinitions: taskDefinition.container_definitions,
    });
  }
  return { nodes, roles };
}

// Autoscaled services show their range: desired_count is only where they start.
function taskCount(stack: StackJson, address: string, attrs: Record<string, unknown>): string {
  const target = resources(stack, "aws_appautoscaling_target").find((t) =>
    refsIn(t.attrs.resource_id).some((ref) => ref.address === address),
  );
  const min = target?.attrs.min_capacity;
  const max = target?.attrs.max_capacity;
  if (typeof min === "number" && typeof max === "number" && min !== max) {
    return `${min}–${max} tasks`;
  }
  const count = typeof min === "number" ? min : attrs.desired_count;
  return count === 1 ? "1 task" : `${count ?? "?"} tasks`;
}

function capacity(attrs: Record<string, unknown>): string {
  const providers = blocks(attrs.capacity_provider_strategy).map((s) => s.capacity_provider);
  if (providers.includes("FARGATE_SPOT")) {
    return providers.includes("FARGATE") ? "Fargate + Spot" : "Fargate Spot";
  }
  return literal(attrs.launch_type) === "EC2" ? "EC2" : "Fargate";
}
