/**
 * Reading a synthesized stack (cdk.tf.json): resources by type, and the `${type.name.attr}`
 * references between them, which are all the diagram knows about how things connect.
 */

import { compare, type Attrs, type StackJson } from "../synthesized/stack-json";

export {
  block,
  blocks,
  compare,
  literal,
  providerRegion,
  type Attrs,
  type StackJson,
} from "../synthesized/stack-json";

/** A resource by its Terraform address (`aws_lb.name`), with its attributes. */
export interface Resource {
  readonly address: string;
  readonly attrs: Attrs;
}

/** One `${type.name.attribute}` reference; `address` is `type.name` (`data.type.name` for data). */
export interface Ref {
  readonly address: string;
  readonly attribute: string;
}

// A reference starts right after `${` or inside a longer expression after a separator; resource
// names from cdktf carry hyphens, attributes may index (`master_user_secret[0].secret_arn`).
const REF = /(?:^|[^A-Za-z0-9_.])((?:data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([A-Za-z0-9_.[\]]+)/g;

/** The resources of one type, sorted by address so every walk over them is deterministic. */
export function resources(stack: StackJson, type: string): Resource[] {
  return Object.entries(stack.resource?.[type] ?? {})
    .sort(([a], [b]) => compare(a, b))
    .map(([name, attrs]) => ({ address: `${type}.${name}`, attrs }));
}

/** A data source's attributes by address (`data.aws_iam_policy_document.name`). */
export function dataSource(stack: StackJson, address: string): Attrs | undefined {
  const [, type, name] = address.split(".");
  return stack.data?.[type]?.[name];
}

/** Every reference inside `value` (strings, arrays and objects, walked deeply), in order. */
export function refsIn(value: unknown): Ref[] {
  if (typeof value === "string") {
    if (!value.includes("${")) return [];
    return [...value.matchAll(REF)].map((m) => ({ address: m[1], attribute: m[2] }));
  }
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(refsIn);
  return [];
}

/** The address of the first reference in `value`, if any. */
export function refAddress(value: unknown): string | undefined {
  return refsIn(value)[0]?.address;
}
