import type { Resource, PlanView, ResourceChange } from "../../tools/policy/plan-view";

/**
 * Small plan views of the shape the rules read, built by hand: no synth, no terraform. A
 * resource's attrs are the planned values overlaid with configured ones, so references are kept
 * as `${type.name.attr}` strings, as in a real plan view.
 */
type Attrs = Record<string, unknown>;

/** A managed resource; `path` is its construct path inside the stack. */
export function resource(
  type: string,
  name: string,
  attrs: Attrs = {},
  extra: { preventDestroy?: boolean; path?: string } = {},
): Resource {
  return {
    address: `${type}.${name}`,
    mode: "managed",
    type,
    name,
    ...(extra.path === undefined ? {} : { path: extra.path }),
    attrs,
    lifecycle: extra.preventDestroy === undefined ? {} : { prevent_destroy: extra.preventDestroy },
  };
}

/** An aws_iam_policy_document data source holding `statement`. */
export function policyDocument(name: string, statement: Attrs[]): Resource {
  return {
    address: `data.aws_iam_policy_document.${name}`,
    mode: "data",
    type: "aws_iam_policy_document",
    name,
    attrs: { statement },
    lifecycle: {},
  };
}

/** `${<address>.<attribute>}`, as a configured reference reads. */
export function ref(target: Resource, attribute = "id"): string {
  return `\${${target.address}.${attribute}}`;
}

/** A plan of `resources` from an empty state (every change a create, so none listed). */
export function view(...resources: Resource[]): PlanView {
  return { resources, changes: [] };
}

/** A plan against a deployed state, with its changes. */
export function planOfChanges(resources: Resource[], ...changes: ResourceChange[]): PlanView {
  return { resources, changes };
}

/** An application load balancer named api-lb. */
export function alb(attrs: Record<string, unknown> = {}): Resource {
  return resource("aws_lb", "api-lb", { load_balancer_type: "application", ...attrs });
}

/** A plan of one ElastiCache replication group. */
export function cache(attrs: Record<string, unknown>): PlanView {
  return view(resource("aws_elasticache_replication_group", "sessions", attrs));
}

/** A plan of one KMS key. */
export function key(attrs: Record<string, unknown>): PlanView {
  return view(resource("aws_kms_key", "data", attrs));
}
