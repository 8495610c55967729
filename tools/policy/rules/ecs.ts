import { block, isObject, ofType, refersTo, type Resource, type PlanView } from "../plan-view";
import { perResource, type Rule } from "../rule";
import { WRITABLE_ROOT_REASON_LABEL } from "../../../facts/artifact-names";

/** Env var names that look like they carry a secret. */
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_KEY|ACCESS_KEY|API_KEY|CREDENTIAL/i;

type Container = Record<string, unknown>;
const taskDefinitions = (view: PlanView) => ofType(view, "aws_ecs_task_definition");
const services = (view: PlanView) => ofType(view, "aws_ecs_service");

function containers(task: Resource): Container[] {
  const raw = task.attrs.container_definitions;
  if (typeof raw !== "string") return [];
  try {
    const parsed = JSON.parse(raw) as unknown;
    return Array.isArray(parsed) ? parsed.filter(isObject) : [];
  } catch {
    return [];
  }
}
/** One judgement over every container of a task definition. */
const eachContainer = (judge: (c: Container) => string | undefined) => (task: Resource) => {
  const all = containers(task);
  if (all.length === 0) return "container definitions could not be read";
  const problems = all.map((c) => [c.name, judge(c)]).filter(([, p]) => p);
  return problems.length
    ? problems.map(([name, p]) => `${String(name)}: ${String(p)}`).join("; ")
    : undefined;
};

export const ecsRules: Rule[] = [
  perResource(
    "ECS.2",
    "ECS services assign no public IPs",
    services,
    (s) =>
      block(s.attrs, "network_configuration")?.assign_public_ip === true
        ? "tasks get public IPs"
        : undefined,
    "no public IPs",
  ),
  perResource(
    "ECS.4",
    "ECS containers are not privileged",
    taskDefinitions,
    eachContainer((c) => (c.privileged === true ? "privileged" : undefined)),
    "no privileged container",
  ),
  perResource(
    "ECS.5",
    "ECS containers have read-only root filesystems, or say why not",
    taskDefinitions,
    eachContainer((c) => {
      if (c.readonlyRootFilesystem === true) return undefined;
      const reason = isObject(c.dockerLabels)
        ? c.dockerLabels[WRITABLE_ROOT_REASON_LABEL]
        : undefined;
      return typeof reason === "string" && reason.length > 0
        ? undefined
        : "writable root filesystem without a stated reason";
    }),
    "read-only root filesystems, or a stated reason on each writable one",
  ),
  perResource(
    "ECS.8",
    "No secrets in plain environment variables",
    taskDefinitions,
    eachContainer((c) => {
      const names = ((c.environment as { name: string }[] | undefined) ?? [])
        .map((e) => e.name)
        .filter((n) => SECRET_NAME.test(n));
      return names.length
        ? `secret-looking environment variables ${names.join(", ")} (use secrets)`
        : undefined;
    }),
    "secrets come only through `secrets` (Secrets Manager)",
  ),
  perResource(
    "ECS.9",
    "ECS containers log",
    taskDefinitions,
    eachContainer((c) =>
      isObject(c.logConfiguration) && c.logConfiguration.logDriver
        ? undefined
        : "no log configuration",
    ),
    "every container has a log driver",
  ),
  perResource(
    "ECS.12",
    "ECS clusters have Container Insights",
    (v) => ofType(v, "aws_ecs_cluster"),
    (cluster) => {
      const settings = cluster.attrs.setting;
      const list = (Array.isArray(settings) ? settings : [settings]).filter(isObject);
      const insights = list.find((s) => s.name === "containerInsights")?.value;
      return insights === "enabled" || insights === "enhanced"
        ? undefined
        : "Container Insights is off";
    },
    "Container Insights on",
  ),
  perResource(
    "Gitana.EcsCircuitBreaker",
    "ECS deployments roll back on failure",
    services,
    (s) => {
      const breaker = block(s.attrs, "deployment_circuit_breaker");
      return breaker?.enable === true && breaker.rollback === true
        ? undefined
        : "no circuit breaker with rollback";
    },
    "circuit breaker with rollback",
  ),
  perResource(
    "Gitana.TasksBehindTheirAlb",
    "Load-balanced tasks admit no traffic by CIDR",
    (view) => {
      // The security groups of services.
      const groups = ofType(view, "aws_security_group");
      return groups.filter((g) =>
        services(view).some((s) =>
          refersTo(block(s.attrs, "network_configuration")?.security_groups, g),
        ),
      );
    },
    (group, view) => {
      const byCidr = ofType(view, "aws_vpc_security_group_ingress_rule").filter(
        (rule) =>
          refersTo(rule.attrs.security_group_id, group) &&
          (rule.attrs.cidr_ipv4 || rule.attrs.cidr_ipv6),
      );
      return byCidr.length
        ? `admits ${byCidr.map((r) => String(r.attrs.cidr_ipv4 ?? r.attrs.cidr_ipv6)).join(", ")}`
        : undefined;
    },
    "admits only other security groups (its load balancer, its callers)",
  ),
];
