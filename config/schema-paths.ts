import type { z } from "zod";

/**
 * Reads the env schema itself at a field's path, so a message can say which settings exist
 * there (for a "did you mean") and which an object needs (for a missing one). Zod's issues carry
 * the path only.
 */

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
}

const def = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The object schemas a value at the end of the schema could be (several for a union). */
function objects(schema: z.ZodType): Record<string, z.ZodType>[] {
  const d = def(schema);
  if (d.shape) return [d.shape];
  if (d.options) return d.options.flatMap(objects);
  const inner = d.innerType ?? d.in;
  return inner ? objects(inner) : [];
}

/** The schema at `path` (keys and array indexes), or undefined when the path leaves it. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const key of path) {
    if (!current) return undefined;
    const d = def(current);
    if (typeof key === "number") {
      current = d.element ?? (d.innerType && schemaAt(d.innerType, [key]));
      continue;
    }
    if (d.valueType) {
      current = d.valueType;
      continue;
    }
    current = objects(current).find((shape) => String(key) in shape)?.[String(key)];
  }
  return current;
}

/** The settings an object at `path` accepts; empty when `path` is not an object. */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const at = schemaAt(schema, path);
  return at ? [...new Set(objects(at).flatMap((shape) => Object.keys(shape)))] : [];
}

/** The settings an object at `path` requires (those without a default and not optional). */
export function requiredKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const at = schemaAt(schema, path);
  const [shape] = at ? objects(at) : [];
  return Object.entries(shape ?? {})
    .filter(([, field]) => !["optional", "default", "prefault"].includes(def(field).type))
    .map(([key]) => key);
}
