/** Load balancers and ECS services, with what IAM needs to know about each service's roles. */
import { built, type Built } from "./built";
import type { Network } from "./network";
import { referencedAddress, references, type Resources } from "../../synthesized/resources";
import { block, blocks, literal } from "../../synthesized/stack-json";

/** A service's roles: its task role (what the app may do) and execution role (what ECS does). */
export interface ServiceRoles {
  readonly nodeId: string;
  readonly taskRole?: string;
  readonly executionRole?: string;
  /** The container definitions, where the secrets ECS injects at start are referenced. */
  readonly containerDefinitions: unknown;
}

export function albNodes(stack: Resources, network: Network): Built[] {
  return stack.ofType("aws_lb").map((lb) => {
    const { address, attrs } = lb;
    const name = literal(attrs.name) ?? address;
    // The public name is the Route 53 alias that points at the load balancer.
    const dnsNames = stack
      .referencing("aws_route53_record", lb)
      .filter((record) => referencedAddress(block(record.attrs.alias)?.name) === address)
      .map((record) => literal(record.attrs.name) ?? "?")
      .sort();
    const waf = stack.referencing("aws_wafv2_web_acl_association", lb).length > 0;
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
      { securityGroups: references(attrs.security_groups).map((ref) => ref.address) },
    );
  });
}

export function serviceNodes(
  stack: Resources,
  network: Network,
): { nodes: Built[]; roles: ServiceRoles[] } {
  const taskDefinitions = new Map(
    stack.ofType("aws_ecs_task_definition").map((r) => [r.address, r.attrs]),
  );
  const nodes: Built[] = [];
  const roles: ServiceRoles[] = [];
  for (const { address, attrs } of stack.ofType("aws_ecs_service")) {
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
        { securityGroups: references(networkConfig?.security_groups).map((ref) => ref.address) },
      ),
    );
    const taskDefinition =
      taskDefinitions.get(referencedAddress(attrs.task_definition) ?? "") ?? {};
    roles.push({
      nodeId: id,
      taskRole: referencedAddress(taskDefinition.task_role_arn),
      executionRole: referencedAddress(taskDefinition.execution_role_arn),
      containerDefinitions: taskDefinition.container_definitions,
    });
  }
  return { nodes, roles };
}

// Autoscaled services show their range: desired_count is only where they start.
function taskCount(stack: Resources, address: string, attrs: Record<string, unknown>): string {
  const target = stack
    .ofType("aws_appautoscaling_target")
    .find((t) => references(t.attrs.resource_id).some((ref) => ref.address === address));
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
