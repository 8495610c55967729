/**
 * The view the policy rules read: every resource and data source of a stack, from the offline
 * plan (`terraform show -json`: values after provider defaults) overlaid with the synthesized
 * configuration (which keeps references as `${type.name.attr}` and the `lifecycle` meta-arguments
 * the plan JSON omits). One shape for both: single blocks are objects, repeated blocks arrays.
 */

import { block as blockOf, type StackJson } from "../synthesized/stack-json";

export interface PlannedResource {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  /** Construct path inside the stack (`gitana/compute/api/service`), from cdktf's metadata. */
  readonly path?: string;
  /** Planned values overlaid with the configured values (references kept as strings). */
  readonly attrs: Record<string, unknown>;
  readonly lifecycle: { readonly prevent_destroy?: boolean };
}

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
  readonly resources: readonly PlannedResource[];
  /** The planned actions; empty for a plan from an empty state, where everything is a create. */
  readonly changes: readonly ResourceChange[];
}

interface PlanJson {
  resource_changes?: {
    address: string;
    type: string;
    mode: "managed" | "data";
    previous_address?: string;
    action_reason?: string;
    change: { actions: string[]; replace_paths?: unknown[][] };
  }[];
  planned_values?: { root_module?: { resources?: PlanJsonResource[] } };
  /** Data sources Terraform could read while planning are here, not in planned_values. */
  prior_state?: { values?: { root_module?: { resources?: PlanJsonResource[] } } };
}
interface PlanJsonResource {
  address: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  index?: unknown;
  values?: Record<string, unknown>;
}

export function planView(plan: PlanJson, stack: StackJson): PlanView {
  const seen = new Set<string>();
  const resources: PlannedResource[] = [];
  const planned = [
    ...(plan.planned_values?.root_module?.resources ?? []),
    ...(plan.prior_state?.values?.root_module?.resources ?? []).filter((r) => r.mode === "data"),
  ];
  for (const resource of planned) {
    const key = `${resource.mode}.${resource.type}.${resource.name}`;
    if (seen.has(key)) continue; // for_each instances share one configuration
    seen.add(key);
    const source = resource.mode === "data" ? stack.data : stack.resource;
    const configured = source?.[resource.type]?.[resource.name] ?? {};
    const { lifecycle, ...config } = configured as {
      lifecycle?: PlannedResource["lifecycle"];
    } & Record<string, unknown>;
    const path = constructPath(config["//"]);
    delete config["//"];
    resources.push({
      address: `${resource.mode === "data" ? "data." : ""}${resource.type}.${resource.name}`,
      mode: resource.mode,
      type: resource.type,
      name: resource.name,
      ...(path === undefined ? {} : { path }),
      attrs: { ...unwrapBlocks(resource.values ?? {}), ...config },
      lifecycle: lifecycle ?? {},
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

/** `dev/gitana/compute/api/service` in cdktf's `//` metadata -> `gitana/compute/api/service`. */
function constructPath(meta: unknown): string | undefined {
  const path = (meta as { metadata?: { path?: unknown } } | undefined)?.metadata?.path;
  return typeof path === "string" ? path.slice(path.indexOf("/") + 1) : undefined;
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
): PlannedResource[] {
  return view.resources.filter((r) => r.type === type && r.mode === mode);
}

/** True when `value` (a string, or anything holding strings) refers to `target`. */
export function refersTo(value: unknown, target: PlannedResource): boolean {
  return JSON.stringify(value ?? null).includes(`${target.address}.`);
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
  const match = /\$\{data\.aws_iam_policy_document\.([^.}]+)\.json\}/.exec(String(reference ?? ""));
  if (!match) return undefined;
  const document = view.resources.find(
    (r) => r.mode === "data" && r.type === "aws_iam_policy_document" && r.name === match[1],
  );
  const statements = document?.attrs.statement;
  return Array.isArray(statements) ? (statements as Record<string, unknown>[]) : undefined;
}
