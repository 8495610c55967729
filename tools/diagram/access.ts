/**
 * IAM edges: what each service's task role lets it do to the drawn resources, read from the
 * statements of the role's inline policies (data.aws_iam_policy_document), plus the secrets its
 * execution role lets ECS inject at start. KMS grants are left out: every one of them only lets a
 * role use a key through the service it already reaches (kms:ViaService), so they add lines, not
 * information.
 */
import type { Built } from "./built";
import type { ServiceRoles } from "./compute";
import { type Reference, references, type Resources } from "../../synthesized/resources";
import { blocks } from "../../synthesized/stack-json";
import type { DiagramEdge } from "./types";

interface Statement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

export function accessEdges(
  stack: Resources,
  roles: readonly ServiceRoles[],
  nodes: readonly Built[],
): DiagramEdge[] {
  const statements = statementsByRole(stack);
  const targets = targetResolver(nodes);
  const edges: DiagramEdge[] = [];
  for (const service of roles) {
    // target id → the actions granted on it
    const granted = new Map<string, string[]>();
    for (const statement of statements.get(service.taskRole ?? "") ?? []) {
      for (const target of statement.resources.flatMap(targets)) {
        const actions = statement.actions.filter((a) => forService(a, target.arn?.service));
        granted.set(target.node.id, [...(granted.get(target.node.id) ?? []), ...actions]);
      }
    }
    for (const [to, actions] of granted) {
      if (actions.length)
        edges.push({ from: service.nodeId, to, kind: "iam", label: access(actions) });
    }
    // The execution role may read every secret of the env; a service gets the ones its own
    // container definitions name.
    const injected = new Set(
      references(service.containerDefinitions)
        .flatMap((ref) => targets(ref))
        .map((t) => t.node.id),
    );
    const executionTargets = new Set<string>();
    for (const statement of statements.get(service.executionRole ?? "") ?? []) {
      for (const target of statement.resources.flatMap(targets)) {
        if (target.node.kind === "secrets" && injected.has(target.node.id)) {
          executionTargets.add(target.node.id);
        }
      }
    }
    for (const to of executionTargets) {
      edges.push({ from: service.nodeId, to, kind: "iam", label: "read at start" });
    }
  }
  return edges;
}

/** Allow statements of each role's inline policies, by role address. */
function statementsByRole(stack: Resources): Map<string, Statement[]> {
  const byRole = new Map<string, Statement[]>();
  for (const { attrs } of stack.ofType("aws_iam_role_policy")) {
    const role = references(attrs.role)[0]?.address;
    const document = references(attrs.policy).find((ref) => ref.address.startsWith("data."));
    if (!role || !document) continue;
    const found = blocks(stack.at(document.address)?.attrs.statement)
      .filter((s) => s.effect !== "Deny")
      .map((s) => ({ actions: strings(s.actions), resources: strings(s.resources) }));
    byRole.set(role, [...(byRole.get(role) ?? []), ...found]);
  }
  return byRole;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/**
 * Maps a statement resource (a reference, or a literal ARN) to the nodes it names. KMS keys are
 * never targets (see the file comment).
 */
function targetResolver(nodes: readonly Built[]): (resource: string | Reference) => Built[] {
  const byAddress = new Map<string, Built>();
  for (const b of nodes) for (const address of b.addresses) byAddress.set(address, b);
  const secrets = nodes.find((b) => b.node.kind === "secrets");
  const resolveRef = (ref: Reference): Built | undefined =>
    // A DocumentDB cluster's managed master secret is a secret, not the cluster.
    ref.attribute.startsWith("master_user_secret") ? secrets : byAddress.get(ref.address);
  return (resource) => {
    const found =
      typeof resource !== "string"
        ? [resolveRef(resource)]
        : resource.includes("${")
          ? references(resource).map(resolveRef)
          : nodes.filter((b) => namedByArn(b, resource));
    return found.filter((b): b is Built => !!b && b.node.kind !== "kms");
  };
}

// arn:aws:<service>:<region>:<account>:<resource>; how the resource part names the thing differs.
function namedByArn(b: Built, arn: string): boolean {
  const match = /^arn:[^:]+:([^:]+):[^:]*:[^:]*:(.+)$/.exec(arn);
  if (!match || !b.arn?.name || match[1] !== b.arn.service) return false;
  const resource = match[2];
  switch (b.arn.service) {
    case "s3":
      return resource.split("/")[0] === b.arn.name;
    case "es":
      return resource.split("/")[1] === b.arn.name; // domain/<name>[/*]
    case "secretsmanager":
      return resource.startsWith(`secret:${b.arn.name}`);
    default:
      return resource === b.arn.name;
  }
}

function forService(action: string, service: string | undefined): boolean {
  return action === "*" || !service || action.split(":")[0] === service;
}

/** A short name for what the actions allow: "publish", "consume", "read", "read-write", ... */
export function access(actions: readonly string[]): string {
  const verbs = new Set<string>();
  for (const action of actions) {
    const [service, name = ""] = action.split(":");
    if (action === "*" || name === "*") verbs.add("full");
    else if (service === "sns" && name === "Publish") verbs.add("publish");
    else if (service === "sqs" && name === "SendMessage") verbs.add("send");
    else if (service === "sqs" && (name === "ReceiveMessage" || name === "DeleteMessage")) {
      verbs.add("consume");
    } else if (/^(Get|List|Describe|Head|BatchGet|ESHttpGet|ESHttpHead)/.test(name)) {
      verbs.add("read");
    } else verbs.add("write");
  }
  // A messaging verb says it all: consuming includes reading queue attributes, for example.
  const specific = ["full", "publish", "send", "consume"].filter((v) => verbs.has(v));
  if (specific.length) return specific.join(", ");
  if (verbs.has("read") && verbs.has("write")) return "read-write";
  return verbs.has("write") ? "write" : "read";
}
