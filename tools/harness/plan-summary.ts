import type { StackJson } from "../../synthesized/stack-json";

/**
 * The few lines `npm run preview` ends with, instead of a plan thousands of lines long: how many
 * resources each layer (the construct under the platform: network, data, compute, ...) would
 * create, update, replace or delete, read from `terraform show -json` of the plan.
 */

export const ACTIONS = ["create", "update", "replace", "delete"] as const;
export type Action = (typeof ACTIONS)[number];

interface ResourceChange {
  readonly address: string;
  readonly mode?: string;
  readonly change: { readonly actions: readonly string[] };
}

/** What a plan does to one resource; undefined for no-op and reads. */
export function actionOf(actions: readonly string[]): Action | undefined {
  if (actions.includes("create") && actions.includes("delete")) return "replace";
  return ACTIONS.find((action) => actions.length === 1 && actions[0] === action);
}

/**
 * The layer of each resource address: the construct under the platform (`dev/gitana/network/vpc`
 * → network), or the top construct for resources outside it (the state backend, the provider).
 */
export function layersOf(stack: StackJson): Map<string, string> {
  const layers = new Map<string, string>();
  for (const [type, resources] of Object.entries(stack.resource ?? {})) {
    for (const [name, resource] of Object.entries(resources)) {
      const path = (resource["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
      const [, top, layer] = (path ?? "").split("/");
      layers.set(`${type}.${name}`, (top === "gitana" ? layer : top) ?? "(other)");
    }
  }
  return layers;
}

export type LayerCounts = Map<string, Record<Action, number>>;

/** Counts of each action per layer, layers in name order. */
export function countByLayer(
  changes: readonly ResourceChange[],
  layers: ReadonlyMap<string, string>,
): LayerCounts {
  const counts: LayerCounts = new Map();
  for (const change of changes) {
    if (change.mode === "data") continue;
    const action = actionOf(change.change.actions);
    if (!action) continue;
    // Addresses of counted or for_each resources end in [n] / ["key"]; modules start "module.".
    const base = change.address.replace(/\[[^\]]*\]$/, "");
    const layer = layers.get(base) ?? "(other)";
    const row = counts.get(layer) ?? { create: 0, update: 0, replace: 0, delete: 0 };
    row[action] += 1;
    counts.set(layer, row);
  }
  return new Map([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The table, the Plan line and where the full plan is. */
export function formatPlanSummary(
  env: string,
  counts: LayerCounts,
  planLine: string,
  fullPlanFile: string,
): string {
  const width = Math.max(5, ...[...counts.keys()].map((layer) => layer.length)) + 2;
  const total = { create: 0, update: 0, replace: 0, delete: 0 };
  const row = (name: string, values: Record<Action, number>) =>
    `  ${name.padEnd(width)}${ACTIONS.map((a) => String(values[a] || "-").padStart(9)).join("")}`;
  const lines = [...counts].map(([layer, values]) => {
    for (const action of ACTIONS) total[action] += values[action];
    return row(layer, values);
  });
  return [
    `Offline plan of "${env}", by layer:`,
    `  ${"layer".padEnd(width)}${ACTIONS.map((a) => a.padStart(9)).join("")}`,
    ...lines,
    row("total", total),
    planLine,
    `Full plan: ${fullPlanFile} (or run with --full)`,
  ].join("\n");
}

/** The `Plan: ...` or `No changes.` line of terraform's human output. */
export function planLine(planOutput: string): string {
  return (
    /^Plan: .*$/m.exec(planOutput)?.[0] ??
    /^No changes\..*$/m.exec(planOutput)?.[0] ??
    "(terraform printed no Plan line)"
  );
}
