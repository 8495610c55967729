import { ASSUMPTION_LABELS, type AssumptionKey, type Assumptions } from "./assumptions";
import { FREE_TYPES } from "./free-types";
import type { LineItem, PricingContext } from "./pricer";
import { PRICED_TYPES, PRICERS } from "./pricers";
import type { PriceTable } from "./prices";
import { Resources, type Resource } from "../../synthesized/resources";
import type { StackJson } from "../../synthesized/stack-json";

/** Resources of one type left out of the total, and why. */
export interface UnpricedEntry {
  type: string;
  names: string[];
  reason: string;
}

export interface UsedAssumption {
  key: AssumptionKey;
  label: string;
  value: number;
}

export interface Estimate {
  items: LineItem[];
  total: number;
  /** Never silently dropped: everything that may cost money but is not in `total`. */
  unpriced: UnpricedEntry[];
  /** The assumptions the items rest on, in the order of the assumptions file. */
  assumptions: UsedAssumption[];
  notes: string[];
}

/** What an estimate never includes, whatever the stack. */
export const EXCLUDED =
  "Not included: data transfer out and across AZs, taxes, the free tier, Savings Plans and reservations.";

/**
 * The monthly cost of a synthesized stack: pure, from the stack's JSON, a price table and the
 * env's usage assumptions. Every resource type is priced by a pricer, listed as free, or
 * reported in `unpriced`.
 */
export function estimate(stack: StackJson, prices: PriceTable, assumptions: Assumptions): Estimate {
  const unpriced: { resource: Resource; reason: string }[] = [];
  const countable: Resource[] = [];
  const byType = resourcesByType(stack);
  for (const [type, resources] of byType) {
    if (!PRICED_TYPES.has(type) && FREE_TYPES[type] === undefined) {
      const reason = "no pricer for this type and it is not in the free-list";
      for (const resource of resources) unpriced.push({ resource, reason });
      continue;
    }
    // Terraform decides how many there are of a resource with count or for_each: it cannot be
    // priced from the JSON, and pricing it as one would be a silent guess.
    const [counted, expanded] = partition(
      resources,
      (r) => r.attrs.count === undefined && r.attrs.for_each === undefined,
    );
    countable.push(...counted);
    if (PRICED_TYPES.has(type)) {
      const reason = "count or for_each: the number of instances is known only at plan";
      for (const resource of expanded) unpriced.push({ resource, reason });
    }
  }
  const used = new Set<AssumptionKey>();
  const ctx: PricingContext = {
    stack: new Resources(countable),
    prices,
    assume(key) {
      used.add(key);
      return assumptions[key];
    },
    unpriced(resource, reason) {
      unpriced.push({ resource, reason });
    },
  };
  const items = PRICERS.flatMap((pricer) => pricer.price(ctx));
  const notes = [EXCLUDED];
  if (byType.has("aws_route53_record")) {
    notes.push("Route 53: the hosted zone is bring-your-own and not priced here.");
  }
  return {
    items,
    total: items.reduce((sum, item) => sum + item.monthlyUsd, 0),
    unpriced: groupUnpriced(unpriced),
    assumptions: (Object.keys(ASSUMPTION_LABELS) as AssumptionKey[])
      .filter((key) => used.has(key))
      .map((key) => ({ key, label: ASSUMPTION_LABELS[key], value: assumptions[key] })),
    notes,
  };
}

/** The monthly total of each component, in the order the components first appear. */
export function componentTotals(estimate: Estimate): Map<string, number> {
  const totals = new Map<string, number>();
  for (const item of estimate.items) {
    totals.set(item.component, (totals.get(item.component) ?? 0) + item.monthlyUsd);
  }
  return totals;
}

function groupUnpriced(entries: { resource: Resource; reason: string }[]): UnpricedEntry[] {
  const groups = new Map<string, UnpricedEntry>();
  for (const { resource, reason } of entries) {
    const key = `${resource.type}\u0000${reason}`;
    const group = groups.get(key) ?? { type: resource.type, names: [], reason };
    group.names.push(resource.name);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => a.type.localeCompare(b.type));
}

/** The stack's resources (not its data sources) by type, in the order of the JSON. */
function resourcesByType(stack: StackJson): Map<string, Resource[]> {
  const byType = new Map<string, Resource[]>();
  for (const resource of Resources.of(stack).all.filter((r) => r.mode === "managed"))
    byType.set(resource.type, [...(byType.get(resource.type) ?? []), resource]);
  return byType;
}

function partition<T>(items: readonly T[], keep: (item: T) => boolean): [T[], T[]] {
  return [items.filter(keep), items.filter((item) => !keep(item))];
}
