import { z } from "zod";

/** Field schemas shared by several parts of the env config. */

export const bool = z.boolean({ error: "must be true or false" });

/** `unit` is plural ("instances"); a bound of 1 reads "at least 1 instance". */
export function intBetween(min: number, max: number, unit: string) {
  const of = (n: number) => `${n} ${n === 1 && unit.endsWith("s") ? unit.slice(0, -1) : unit}`;
  return z
    .number({ error: `must be a number of ${unit}` })
    .int({ error: `must be a whole number of ${unit}` })
    .min(min, { error: `must be at least ${of(min)}` })
    .max(max, { error: `must be at most ${of(max)}` });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of: ${values.join(", ")}` });
}

export function matching(pattern: RegExp, rule: string) {
  return z
    .string({ error: `must be a string: ${rule}` })
    .regex(pattern, { error: `must be ${rule}` });
}
