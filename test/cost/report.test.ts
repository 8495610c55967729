import type { Estimate } from "../../tools/cost/estimate";
import { loadPriceTable } from "../../tools/cost/prices";
import { formatComparison, formatEstimate, usd } from "../../tools/cost/report";

const prices = loadPriceTable("eu-west-1");

function estimateOf(items: [string, string, number][], extra: Partial<Estimate> = {}): Estimate {
  const lines = items.map(([component, what, monthlyUsd]) => ({ component, what, monthlyUsd }));
  return {
    items: lines,
    total: lines.reduce((sum, i) => sum + i.monthlyUsd, 0),
    unpriced: [],
    assumptions: [
      { key: "hoursPerMonth", label: "hours in a month (AWS's convention)", value: 730 },
    ],
    notes: ["Not included: data transfer."],
    ...extra,
  };
}

const dev = estimateOf([
  ["Fargate", "api: 1 task", 11.2226],
  ["NAT gateways", "1 NAT gateway", 35.04],
]);
const prod = estimateOf(
  [
    ["Fargate", "api: 3 tasks", 102.0978],
    ["Fargate", "ui: 2 tasks", 57.6],
    ["NAT gateways", "3 NAT gateways", 105.12],
    ["WAF", "1 web ACL", 1234.5],
  ],
  {
    assumptions: [
      { key: "hoursPerMonth", label: "hours in a month (AWS's convention)", value: 744 },
    ],
  },
);

it("formats dollars with cents and thousands separators", () => {
  expect([usd(1234.5), usd(0.004), usd(-0.001), usd(68.0652)]).toEqual([
    "1,234.50",
    "0.00",
    "0.00",
    "68.07",
  ]);
});

it("prints one env as a table of component, what and monthly USD, with its total", () => {
  const text = formatEstimate("dev", dev, prices);
  expect(text.split("\n").slice(0, 8)).toEqual([
    'Monthly cost estimate of env "dev" (eu-west-1, USD, prices taken 2026-11-25 to 2026-12-02)',
    "",
    "Component     What           Monthly USD",
    "------------  -------------  -----------",
    "Fargate       api: 1 task          11.22",
    "NAT gateways  1 NAT gateway        35.04",
    "------------  -------------  -----------",
    "Total                              46.26",
  ]);
  expect(text).toContain("hoursPerMonth    730  hours in a month (AWS's convention)");
  expect(text).toContain("Unpriced resources (not in the total): none");
  expect(text).toContain("  - Not included: data transfer.");
});

it("puts unpriced resources under the table, never in the total", () => {
  const text = formatEstimate(
    "dev",
    estimateOf([["KMS", "1 key", 1]], {
      unpriced: [{ type: "aws_instance", names: ["a", "b"], reason: "no pricer" }],
    }),
    prices,
  );
  expect(text).toContain("\nTotal                    1.00\n");
  expect(text).toContain(
    "Unpriced resources (they may cost money; NOT in the total):\n  aws_instance × 2 (a, b): no pricer",
  );
});

it("compares envs side by side by component, with a dash where an env has none", () => {
  const text = formatComparison(
    [
      ["dev", dev],
      ["prod", prod],
    ],
    prices,
  );
  expect(text.split("\n").slice(0, 10)).toEqual([
    "Monthly cost estimate by component (eu-west-1, USD, prices taken 2026-11-25 to 2026-12-02)",
    "",
    "Component       dev      prod",
    "------------  -----  --------",
    "Fargate       11.22    159.70",
    "NAT gateways  35.04    105.12",
    "WAF               -  1,234.50",
    "------------  -----  --------",
    "Total         46.26  1,499.32",
    "",
  ]);
  expect(text).toContain(
    [
      "Assumption     dev  prod  Meaning",
      "-------------  ---  ----  -----------------------------------",
      "hoursPerMonth  730   744  hours in a month (AWS's convention)",
    ].join("\n"),
  );
  expect(text).toContain("Unpriced resources (not in the totals): none");
});
