/**
 * The one model of a synthesized stack's resources, read alike by every tool (the policy check,
 * the cost estimate, the diagram): each resource and data source with its Terraform address, its
 * configured arguments, and the `${type.name.attribute}` references that connect it to others.
 */

import { compare, type Attrs, type StackJson } from "./stack-json";

export type Mode = "managed" | "data";

/** The lifecycle meta-arguments cdktf writes (`lifecycle` in the JSON). */
export interface Lifecycle {
  readonly prevent_destroy?: boolean;
  readonly create_before_destroy?: boolean;
  readonly ignore_changes?: unknown;
}

export interface Resource {
  /** `type.name`, or `data.type.name` for a data source: how references and plans name it. */
  readonly address: string;
  readonly mode: Mode;
  readonly type: string;
  readonly name: string;
  /** Construct path inside the stack (`gitana/compute/api/service`), from cdktf's metadata. */
  readonly path?: string;
  /**
   * The arguments as configured, references kept as `${...}` strings; single nested blocks are
   * objects, repeated ones arrays. Without cdktf's `//` metadata and the `lifecycle` block.
   */
  readonly attrs: Attrs;
  readonly lifecycle: Lifecycle;
}

/** One reference: `address` is `type.name` (`data.type.name` for a data source). */
export interface Reference {
  readonly address: string;
  /** What is read from it: `arn`, `name`, `master_user_secret[0].secret_arn`. */
  readonly attribute: string;
}

/** The address Terraform gives a resource or data source. */
export function addressOf(mode: Mode, type: string, name: string): string {
  return `${mode === "data" ? "data." : ""}${type}.${name}`;
}

// A reference starts right after `${` or inside a longer expression after a separator (a JSON
// policy, `service/${cluster}/${service}`); resource names from cdktf carry hyphens, attributes
// may index (`master_user_secret[0].secret_arn`).
const REFERENCE =
  /(?:^|[^A-Za-z0-9_.])((?:data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([A-Za-z0-9_.[\]]+)/g;

/** Every reference inside `value` (strings, arrays and objects, walked deeply), in order. */
export function references(value: unknown): Reference[] {
  if (typeof value === "string") {
    if (!value.includes("${")) return [];
    return [...value.matchAll(REFERENCE)].map((m) => ({ address: m[1], attribute: m[2] }));
  }
  if (Array.isArray(value)) return value.flatMap(references);
  if (value && typeof value === "object") return Object.values(value).flatMap(references);
  return [];
}

/** True when `value` (a string, or anything holding strings) refers to `target`. */
export function refersTo(value: unknown, target: { readonly address: string }): boolean {
  return references(value).some((ref) => ref.address === target.address);
}

/** The address of the first reference in `value`, if any. */
export function referencedAddress(value: unknown): string | undefined {
  return references(value)[0]?.address;
}

/** A resource as the synthesized JSON configures it. */
export function resourceOf(mode: Mode, type: string, name: string, configured: Attrs): Resource {
  const { "//": meta, lifecycle, ...attrs } = configured as Attrs & { lifecycle?: Lifecycle };
  const path = constructPath(meta);
  return {
    address: addressOf(mode, type, name),
    mode,
    type,
    name,
    ...(path === undefined ? {} : { path }),
    attrs,
    lifecycle: lifecycle ?? {},
  };
}

/** `dev/gitana/compute/api/service` in cdktf's `//` metadata -> `gitana/compute/api/service`. */
function constructPath(meta: unknown): string | undefined {
  const path = (meta as { metadata?: { path?: unknown } } | undefined)?.metadata?.path;
  return typeof path === "string" ? path.slice(path.indexOf("/") + 1) : undefined;
}

/** A set of resources, looked up by type, address or reference; kept in the order given. */
export class Resources {
  /** Every resource, then every data source, of a synthesized stack; names in code-unit order. */
  static of(stack: StackJson): Resources {
    const read = (mode: Mode, blocks: StackJson["resource"]) =>
      Object.entries(blocks ?? {}).flatMap(([type, named]) =>
        Object.entries(named)
          .sort(([a], [b]) => compare(a, b))
          .map(([name, attrs]) => resourceOf(mode, type, name, attrs)),
      );
    return new Resources([...read("managed", stack.resource), ...read("data", stack.data)]);
  }

  private readonly byAddress: ReadonlyMap<string, Resource>;

  constructor(readonly all: readonly Resource[]) {
    this.byAddress = new Map(all.map((r) => [r.address, r]));
  }

  /** The resources (or data sources) of one type. */
  ofType(type: string, mode: Mode = "managed"): Resource[] {
    return this.all.filter((r) => r.type === type && r.mode === mode);
  }

  /** The resource or data source at `address` (`aws_lb.x`, `data.aws_iam_policy_document.y`). */
  at(address: string): Resource | undefined {
    return this.byAddress.get(address);
  }

  /** The resource of `type` that `value` refers to (its first reference to one), if any. */
  referenced(value: unknown, type: string): Resource | undefined {
    return references(value)
      .map((ref) => this.at(ref.address))
      .find((r) => r?.type === type);
  }

  /** The resources of `type` whose attributes refer to `target` anywhere. */
  referencing(type: string, target: { readonly address: string }): Resource[] {
    return this.ofType(type).filter((r) => refersTo(r.attrs, target));
  }
}
