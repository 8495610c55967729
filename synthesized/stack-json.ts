/**
 * A synthesized stack (`cdk.tf.json`) and the primitives for reading its attributes, shared by
 * everything that reads one: the policy check, the cost estimate, the diagram and the tests.
 * cdktf writes a single nested block as an object and repeated blocks as a list; attributes that
 * are expressions are strings holding `${...}`.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";

export type Attrs = Record<string, unknown>;

export interface StackJson {
  terraform?: Attrs & { backend?: Record<string, Attrs> };
  provider?: Record<string, Attrs[]>;
  resource?: Record<string, Record<string, Attrs>>;
  data?: Record<string, Record<string, Attrs>>;
  output?: Record<string, { value: unknown; description?: string }>;
  /** Renames in state (`moved` blocks): a resource whose address changed is kept, not replaced. */
  moved?: { from: string; to: string }[];
  /** Resources that leave state without being destroyed (`removed` blocks, Terraform >= 1.7). */
  removed?: { from: string; lifecycle: { destroy: boolean } }[];
}

/** A single nested block: the object, or the first of a list. */
export function block(value: unknown): Attrs | undefined {
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  return typeof first === "object" && first !== null && !Array.isArray(first)
    ? (first as Attrs)
    : undefined;
}

/** A repeated block or a list of blocks; a missing one is empty. */
export function blocks(value: unknown): Attrs[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((item): item is Attrs => block(item) !== undefined);
}

/** A string attribute; a reference or any other expression counts as absent. */
export function literal(value: unknown): string | undefined {
  return typeof value === "string" && !value.includes("${") ? value : undefined;
}

/** A list attribute written out in the JSON, or undefined when it is an expression. */
export function literalList(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** A number, or a string holding one (cdktf writes task CPU and memory as strings). */
export function num(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

/** The region of the stack's (first) AWS provider, when it is written out. */
export function providerRegion(stack: StackJson): string | undefined {
  return literal(block(stack.provider?.aws)?.region);
}

/** Plain code-unit order: unlike localeCompare, the same on every machine. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The stack cdktf synthesized into `stackDir` (its `cdk.tf.json`). */
export function readStackJson(stackDir: string): StackJson {
  return JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as StackJson;
}
