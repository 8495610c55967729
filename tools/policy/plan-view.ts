/**
 * The view the policy rules read: every resource and data source of a stack, from the offline
 * plan (`terraform show -json`: values after provider defaults) overlaid with the synthesized
 * configuration (which keeps references as `${type.name.attr}` and the `lifecycle` meta-arguments
 * the plan JSON omits). One shape for both: single blocks are objects, repeated blocks arrays.
 */

import type { PlanJson } from "../../synthesized/plan-json";
import { block as blockOf, type StackJson } from "../../synthesized/stack-json";
import { addressOf, references, Resources, type Resource } from "../../synthesized/resources";

export { refersTo, type Resource } from "../../synthesized/resources";

/** One entry of the plan's `resource_changes`: what Terraform will do to an existing address. */
export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  /** e.g. ["no-op"], ["update"], ["delete", "create"] (a replacement), ["delete"]. */
  readonly actions: readonly string[];
  /** Why Terraform chose the action, e.g. `delete_because_no_resource_config`. */
  readonly actionReason?: string;
  /** The attributes whose change forces a replacement. */
  readonly replacePaths: readonly string[];
  /** The address it had before a `moved` block renamed it. */
  readonly previousAddress?: string;
}

export interface PlanView {
  /** Planned values overlaid with the configured ones (references kept as strings). */
  readonly resources: readonly Resource[];
  /** The planned actions; empty for a plan from an empty state, where everything is a create. */
  readonly changes: readonly ResourceChange[];
}

export function planView(plan: PlanJson, stack: StackJson): PlanView {
  const configured = Resources.of(stack);
  const seen = new Set<string>();
  const resources: Resource[] = [];
  const planned = [
    ...(plan.planned_values?.root_module?.resources ?? []),
    ...(plan.prior_state?.values?.root_module?.resources ?? []).filter((r) => r.mode === "data"),
  ];
  for (const resource of planned) {
    const address = addressOf(resource.mode, resource.type, resource.name);
    if (seen.has(address)) continue; // for_each instances share one configuration
    seen.add(address);
    const config = configured.at(address);
    resources.push({
      address,
      mode: resource.mode,
      type: resource.type,
      name: resource.name,
      ...(config?.path === undefined ? {} : { path: config.path }),
      attrs: { ...unwrapBlocks(resource.values ?? {}), ...config?.attrs },
      lifecycle: config?.lifecycle ?? {},
    });
  }
  const changes = (plan.resource_changes ?? [])
    .filter((c) => c.mode === "managed")
    .map((c): ResourceChange => ({
      address: c.address,
      type: c.type,
      actions: c.change.actions,
      actionReason: c.action_reason,
      replacePaths: (c.change.replace_paths ?? []).map((path) => path.join(".")),
      previousAddress: c.previous_address,
    }));
  return { resources, changes };
}

/** Plan JSON gives every nested block as a list; a single block becomes its object. */
function unwrapBlocks(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) =>
      Array.isArray(value) && value.length === 1 && isObject(value[0])
        ? [key, value[0]]
        : [key, value],
    ),
  );
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Resources of one type. */
export function ofType(
  view: PlanView,
  type: string,
  mode: "managed" | "data" = "managed",
): Resource[] {
  return view.resources.filter((r) => r.type === type && r.mode === mode);
}

/** A single nested block, whether configured as an object or planned as a one-element list. */
export function block(
  attrs: Record<string, unknown>,
  name: string,
): Record<string, unknown> | undefined {
  return blockOf(attrs[name]);
}

/** The statements of the aws_iam_policy_document a `${data.aws_iam_policy_document.X.json}` names. */
export function policyStatements(
  view: PlanView,
  reference: unknown,
): Record<string, unknown>[] | undefined {
  const address = references(reference).find(
    (ref) => ref.address.startsWith("data.aws_iam_policy_document.") && ref.attribute === "json",
  )?.address;
  const statements = view.resources.find((r) => r.address === address)?.attrs.statement;
  return Array.isArray(statements) ? (statements as Record<string, unknown>[]) : undefined;
}
