import { ASSUMPTION_LABELS, type AssumptionKey } from "./assumptions";
import { componentTotals, type Estimate } from "./estimate";
import { formatQuantity } from "./pricer";
import { allPrices, type PriceTable } from "./prices";

const money = new Intl.NumberFormat("en-US", {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** Dollars with cents and thousands separators; -0.00 never appears. */
export function usd(amount: number): string {
  return money.format(Math.abs(amount) < 0.005 ? 0 : amount);
}

/** The table, the total, the assumptions, the unpriced resources and the notes of one env. */
export function formatEstimate(env: string, estimate: Estimate, prices: PriceTable): string {
  const rows = estimate.items.map((item) => [item.component, item.what, usd(item.monthlyUsd)]);
  return [
    `Monthly cost estimate of env "${env}" (${prices.region}, ${prices.currency}, ${pricesTaken(prices)})`,
    "",
    table(
      ["Component", "What", "Monthly USD"],
      rows,
      ["Total", "", usd(estimate.total)],
      [false, false, true],
    ),
    "",
    `Assumptions (assets/pricing/assumptions.json, defaults with the overrides of "${env}"):`,
    table(
      ["Assumption", "Value", "Meaning"],
      estimate.assumptions.map((a) => [a.key, formatQuantity(a.value), a.label]),
      undefined,
      [false, true, false],
    ),
    "",
    ...formatUnpriced(estimate),
    "",
    ...notes([estimate], prices),
  ].join("\n");
}

/** Component totals side by side, one column per env, and the assumptions that differ. */
export function formatComparison(estimates: [string, Estimate][], prices: PriceTable): string {
  const envs = estimates.map(([env]) => env);
  const totals = estimates.map(([, e]) => componentTotals(e));
  const components = [...new Set(totals.flatMap((t) => [...t.keys()]))];
  const rows = components.map((c) => [
    c,
    ...totals.map((t) => {
      const amount = t.get(c);
      return amount === undefined ? "-" : usd(amount);
    }),
  ]);
  const used = (Object.keys(ASSUMPTION_LABELS) as AssumptionKey[]).filter((key) =>
    estimates.some(([, e]) => e.assumptions.some((a) => a.key === key)),
  );
  const assumptionRows = used.map((key) => [
    key,
    ...estimates.map(([, e]) => {
      const a = e.assumptions.find((x) => x.key === key);
      return a ? formatQuantity(a.value) : "-";
    }),
    ASSUMPTION_LABELS[key],
  ]);
  const right = [false, ...envs.map(() => true)];
  return [
    `Monthly cost estimate by component (${prices.region}, ${prices.currency}, ${pricesTaken(prices)})`,
    "",
    table(
      ["Component", ...envs],
      rows,
      ["Total", ...estimates.map(([, e]) => usd(e.total))],
      right,
    ),
    "",
    "Assumptions (assets/pricing/assumptions.json):",
    table(["Assumption", ...envs, "Meaning"], assumptionRows, undefined, [...right, false]),
    "",
    ...estimates.flatMap(([env, e]) =>
      e.unpriced.length === 0 ? [] : [`${env}:`, ...formatUnpriced(e)],
    ),
    ...(estimates.every(([, e]) => e.unpriced.length === 0)
      ? ["Unpriced resources (not in the totals): none"]
      : []),
    "",
    ...notes(
      estimates.map(([, e]) => e),
      prices,
    ),
  ].join("\n");
}

function formatUnpriced(estimate: Estimate): string[] {
  if (estimate.unpriced.length === 0) return ["Unpriced resources (not in the total): none"];
  return [
    "Unpriced resources (they may cost money; NOT in the total):",
    ...estimate.unpriced.map(
      (u) => `  ${u.type} × ${u.names.length} (${u.names.join(", ")}): ${u.reason}`,
    ),
  ];
}

function notes(estimates: Estimate[], prices: PriceTable): string[] {
  const unique = [...new Set(estimates.flatMap((e) => e.notes))];
  return [
    "Notes:",
    ...unique.map((n) => `  - ${n}`),
    `  - Prices: assets/pricing/${prices.region}.json; each entry names its source page and how it was checked.`,
  ];
}

function pricesTaken(prices: PriceTable): string {
  const dates = [...new Set(allPrices(prices).map(([, p]) => p.taken))].sort();
  return dates.length === 1
    ? `prices taken ${dates[0]}`
    : `prices taken ${dates[0]} to ${dates[dates.length - 1]}`;
}

/** A plain-text table with a rule under the header and, when given, a footer row. */
function table(
  header: string[],
  rows: string[][],
  footer: string[] | undefined,
  rightAligned: boolean[],
): string {
  const all = [header, ...rows, ...(footer ? [footer] : [])];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? "").length)));
  const line = (row: string[]): string =>
    row
      .map((cell, i) => (rightAligned[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...rows.map(line), ...(footer ? [rule, line(footer)] : [])].join(
    "\n",
  );
}
