import type { AssumptionKey } from "./assumptions";
import type { PriceTable } from "./prices";
import type { Resource, Resources } from "../../synthesized/resources";

/** One line of an estimate: what is paid for, and what it costs a month. */
export interface LineItem {
  component: string;
  what: string;
  monthlyUsd: number;
}

export interface PricingContext {
  /** The stack's resources that can be priced: no count or for_each, a type priced or free. */
  stack: Resources;
  prices: PriceTable;
  /** The value of an assumption; the estimate prints every one that was asked for. */
  assume(key: AssumptionKey): number;
  /** Records a resource this pricer cannot price, so that it is reported instead of dropped. */
  unpriced(resource: Resource, reason: string): void;
}

/**
 * Prices one component. `types` are the resource types whose cost it accounts for: a type that no
 * pricer claims and that is not in the free-list is reported as unpriced.
 */
export interface Pricer {
  types: readonly string[];
  price(ctx: PricingContext): LineItem[];
}

/** Hourly price × hours in the assumed month. */
export function monthly(ctx: PricingContext, hourlyUsd: number): number {
  return hourlyUsd * ctx.assume("hoursPerMonth");
}

/** `n thing` or `n things`. */
export function plural(n: number, thing: string, things = `${thing}s`): string {
  return `${formatQuantity(n)} ${n === 1 ? thing : things}`;
}

const quantity = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });

/** A quantity without float noise, with thousands separators: 0.5, 2, 1,000,000. */
export function formatQuantity(n: number): string {
  return quantity.format(n);
}
