import type { ComponentContract, Connection } from "../../constructs/ecs/runtime-contract";
import { serviceResourceName, targetName, type ServiceName } from "../../constructs/ecs/services";
import type { StackJson } from "../../synthesized/stack-json";
import { containerDefinitions, policyStatements, resourcesOf } from "./synth";

/** What an env has that decides the conditional rows. */
export interface EnvFacts {
  readonly uiScalesOut: boolean;
}

type Rule = Record<string, unknown>;

/**
 * Checks one component of a synthesized env against its runtime contract; returns one message
 * per broken row, each naming the component and the requirement or connection.
 */
export function contractProblems(
  stack: StackJson,
  service: ServiceName,
  contract: ComponentContract,
  facts: EnvFacts,
): string[] {
  const component = serviceResourceName(service);
  const applies = (row: { when?: "uiScalesOut" }) => row.when === undefined || facts[row.when];
  const main = containerDefinitions(stack, component).find((c) => c.name !== "init") ?? {};
  const names = (list: unknown) => new Set(((list ?? []) as { name: string }[]).map((e) => e.name));
  const environment = names(main.environment);
  const secrets = names(main.secrets);
  const ports = new Set(
    ((main.portMappings ?? []) as { containerPort: number }[]).map((p) => p.containerPort),
  );
  const objectKeys = new Set(resourcesOf(stack, "aws_s3_object").map(([, o]) => o.key));

  const problems: string[] = [];
  for (const row of contract.environment.filter(applies))
    if (!environment.has(row.name))
      problems.push(`${component}: env var ${row.name} is not set (${row.source})`);
  for (const row of contract.secrets.filter(applies))
    if (!secrets.has(row.name))
      problems.push(`${component}: secret ${row.name} is not injected (${row.source})`);
  for (const row of contract.files.filter(applies))
    if (!objectKeys.has(`config/${row.name}`))
      problems.push(
        `${component}: /gitana/${row.name} is not in the config bucket (${row.source})`,
      );
  for (const row of contract.listens)
    if (!ports.has(row.port))
      problems.push(`${component}: port ${row.port} is not mapped (${row.source})`);
  for (const connection of contract.connects.filter(applies)) {
    const why = connectionProblem(stack, component, connection);
    if (why)
      problems.push(
        `${component} → ${targetName(connection.to)} on ${connection.port}/${connection.protocol} (${connection.why}): ${why}`,
      );
  }
  return problems;
}

/** Why a connection would not get through, or undefined when every hop admits it. */
function connectionProblem(
  stack: StackJson,
  component: string,
  connection: Connection,
): string | undefined {
  const caller = securityGroupRef(stack, `compute_${component}_security-group`);
  const { port } = connection;
  const vpcCidr = String(Object.values(stack.resource?.aws_vpc ?? {})[0]?.cidr_block ?? "");
  const to = connection.to;

  if (typeof to === "string" && to !== "internet") {
    const fragment =
      to === "documentdb" || to === "opensearch" ? `${to}_security-group` : undefined;
    const target = securityGroupRef(
      stack,
      fragment ??
        (to === "session-store" ? "session-store" : `compute_${targetName(to)}_security-group`),
    );
    if (!target) return `${targetName(to)} has no security group in this env`;
    if (
      !rules(stack, "egress", caller).some((r) => admits(r, port, [target], ["0.0.0.0/0", vpcCidr]))
    )
      return `${component}'s security group egress does not admit it`;
    if (!rules(stack, "ingress", target).some((r) => admits(r, port, [caller], [vpcCidr])))
      return `${targetName(to)}'s security group ingress does not admit ${component}`;
    return undefined;
  }

  const egress = rules(stack, "egress", caller);
  if (to === "internet")
    return egress.some((r) => admits(r, port, [], ["0.0.0.0/0"]))
      ? undefined
      : `${component}'s security group egress does not admit it`;

  const endpoint = resourcesOf(stack, "aws_vpc_endpoint").find(
    ([, e]) =>
      e.vpc_endpoint_type === "Interface" && String(e.service_name).endsWith(`.${to.awsApi}`),
  );
  const endpointGroups = (endpoint?.[1].security_group_ids ?? []) as string[];
  if (!egress.some((r) => admits(r, port, endpointGroups, ["0.0.0.0/0"], to.awsApi === "s3")))
    return `${component}'s security group egress does not admit it`;
  if (endpoint) {
    // AWS: "Amazon VPC can be used only with HTTPS Amazon SQS endpoints"; interface endpoints
    // of AWS APIs answer HTTPS on 443.
    if (connection.protocol !== "https" || port !== 443)
      return `the ${to.awsApi} interface endpoint answers HTTPS on 443 only`;
    if (
      !endpointGroups.some((g) =>
        rules(stack, "ingress", g).some((r) => admits(r, port, [caller], [vpcCidr])),
      )
    )
      return `the ${to.awsApi} interface endpoint's security group does not admit ${component}`;
  }
  if (to.awsApi === "sqs" && connection.protocol !== "https" && queueDeniesClearText(stack))
    return "the queue policy denies requests without TLS (aws:SecureTransport false)";
  return undefined;
}

function securityGroupRef(stack: StackJson, fragment: string): string {
  const match = resourcesOf(stack, "aws_security_group").find(([name]) => name.includes(fragment));
  return match ? `\${aws_security_group.${match[0]}.id}` : "";
}

function rules(stack: StackJson, direction: "egress" | "ingress", group: string): Rule[] {
  return resourcesOf(stack, `aws_vpc_security_group_${direction}_rule`)
    .map(([, rule]) => rule)
    .filter((rule) => rule.security_group_id === group);
}

/** The rule lets TCP `port` through to/from one of `groups` or one of `cidrs` (or S3's prefix list). */
function admits(rule: Rule, port: number, groups: string[], cidrs: string[], s3 = false): boolean {
  const portOk =
    rule.ip_protocol === "-1" ||
    (rule.ip_protocol === "tcp" && Number(rule.from_port) <= port && port <= Number(rule.to_port));
  if (!portOk) return false;
  if (groups.includes(String(rule.referenced_security_group_id))) return true;
  if (cidrs.filter(Boolean).includes(String(rule.cidr_ipv4))) return true;
  return s3 && String(rule.prefix_list_id ?? "").length > 0;
}

function queueDeniesClearText(stack: StackJson): boolean {
  return resourcesOf(stack, "aws_sqs_queue_policy").some(([, policy]) =>
    policyStatements(stack, policy.policy).some(
      (s) =>
        s.effect === "Deny" &&
        JSON.stringify(s.condition ?? []).includes('"variable":"aws:SecureTransport"'),
    ),
  );
}
