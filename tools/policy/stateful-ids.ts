import { STATEFUL_TYPES } from "../../facts/stateful";

/**
 * The addresses of an env's stateful resources, which a renamed construct id would change: to
 * Terraform a new address is a new resource, so the old one (and its data) would be destroyed.
 */
export const TRACKED_TYPES = [...STATEFUL_TYPES, "aws_secretsmanager_secret"];

interface SynthesizedStack {
  resource?: Record<string, Record<string, unknown>>;
}

export function statefulAddresses(stack: SynthesizedStack): string[] {
  return TRACKED_TYPES.flatMap((type) =>
    Object.keys(stack.resource?.[type] ?? {}).map((name) => `${type}.${name}`),
  ).sort();
}

/** What changed between the recorded and the current addresses, or undefined when nothing did. */
export function statefulIdChange(
  env: string,
  recorded: readonly string[],
  current: readonly string[],
): string | undefined {
  const removed = recorded.filter((a) => !current.includes(a));
  const added = current.filter((a) => !recorded.includes(a));
  if (removed.length === 0 && added.length === 0) return undefined;
  return [
    `The stateful resources of env "${env}" changed address. To Terraform a new address is a new resource:`,
    "the old one, with its data, would be destroyed.",
    ...removed.map((a) => `  - ${a}`),
    ...added.map((a) => `  + ${a}`),
    "If this is an intended move, keep the resource with a moved block: on the new resource call",
    '`resource.moveFromId("<old address>")` (cdktf writes the `moved` block), then record the new',
    "addresses with `npm run stateful-ids -- --update` and commit test/stateful-ids.json.",
  ].join("\n");
}
