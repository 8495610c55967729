/** Reading a synthesized stack (`cdk.tf.json`) the way the pricers need it. */

import type { Attrs, StackJson } from "../synthesized/stack-json";

export {
  block,
  blocks,
  providerRegion,
  type Attrs,
  type StackJson,
} from "../synthesized/stack-json";

export interface Resource {
  type: string;
  name: string;
  attrs: Attrs;
}

export class StackView {
  constructor(private readonly byType: ReadonlyMap<string, readonly Resource[]>) {}

  /** The resources of one type, in the stack's order. */
  of(type: string): readonly Resource[] {
    return this.byType.get(type) ?? [];
  }

  /** The resource of `type` that `value` (a `${type.name.attr}` reference) points at. */
  referenced(value: unknown, type: string): Resource | undefined {
    const name = referencedName(value, type);
    return name === undefined ? undefined : this.of(type).find((r) => r.name === name);
  }
}

/** Every resource of the stack, grouped by type. */
export function resourcesByType(stack: StackJson): Map<string, Resource[]> {
  return new Map(
    Object.entries(stack.resource ?? {}).map(([type, named]) => [
      type,
      Object.entries(named).map(([name, attrs]) => ({ type, name, attrs })),
    ]),
  );
}

/** The logical name in a whole-string reference `${<type>.<name>.<attr>}`, if it is one. */
export function referencedName(value: unknown, type: string): string | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^\$\{([a-z0-9_]+)\.([^.}]+)\.[a-z0-9_]+\}$/.exec(value);
  return match && match[1] === type ? match[2] : undefined;
}

/** True when `value` contains a reference to any attribute of `resource`. */
export function mentions(value: unknown, resource: Resource): boolean {
  return typeof value === "string" && value.includes(`\${${resource.type}.${resource.name}.`);
}

/** A number, or a string holding one (cdktf writes task CPU and memory as strings). */
export function num(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

/** A list attribute written out in the JSON, or undefined when it is an expression. */
export function literalList(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}
