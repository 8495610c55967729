import { z } from "zod";

/** Field schemas shared by several parts of the env config. */

export const bool = z.boolean({ error: "must be true or false" });

export function intBetween(min: number, max: number, unit: string) {
  return z
    .number({ error: `must be a number of ${unit}` })
    .int({ error: `must be a whole number of ${unit}` })
    .min(min, { error: `must be at least ${min} ${unit}` })
    .max(max, { error: `must be at most ${max} ${unit}` });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of: ${values.join(", ")}` });
}

export function matching(pattern: RegExp, rule: string) {
  return z
    .string({ error: `must be a string: ${rule}` })
    .regex(pattern, { error: `must be ${rule}` });
}
