import type { PlanView } from "./plan-view";
import type { Finding, Rule } from "./rule";
import { changeSafetyRule } from "./rules/change-safety";
import { dataLossRules } from "./rules/data-loss";
import { dataStoreRules } from "./rules/data-stores";
import { ecsRules } from "./rules/ecs";
import { elastiCacheRules } from "./rules/elasticache";
import { elbRules } from "./rules/elb";
import { iamRules } from "./rules/iam";
import { logsAndKeysRules } from "./rules/logs-and-keys";
import { messagingRules } from "./rules/messaging";
import { networkRules } from "./rules/network";
import { s3Rules } from "./rules/s3";

export { planView, type PlanView } from "./plan-view";
export type { Finding, Rule } from "./rule";

/** Every control the check evaluates, in report order. */
export const RULES: readonly Rule[] = [
  ...s3Rules,
  ...dataStoreRules,
  ...elastiCacheRules,
  ...messagingRules,
  ...ecsRules,
  ...elbRules,
  ...networkRules,
  ...iamRules,
  ...logsAndKeysRules,
  ...dataLossRules,
  changeSafetyRule,
];
export const CONTROL_IDS: readonly string[] = RULES.map((r) => r.id);

/** A failing control an env accepts, with the reason printed in every report. */
export interface Suppression {
  readonly control: string;
  readonly reason: string;
  /**
   * Only findings on this resource: its exact address (`aws_lb.gitana_compute_api-lb_...`), or a
   * construct path inside the stack (`gitana/compute/api`), which covers that construct and
   * everything under it but not a sibling sharing a prefix (`gitana/compute/api-worker`).
   * @default - every resource
   */
  readonly resource?: string;
}

/** Whether a suppression's `resource` covers the resource at `address` (construct path `path`). */
export function suppressionCovers(
  selector: string | undefined,
  address: string,
  path: string | undefined,
): boolean {
  if (selector === undefined || selector === address) return true;
  const prefix = selector.replace(/\/+$/, "");
  return path !== undefined && (path === prefix || path.startsWith(`${prefix}/`));
}

/** MANUAL: the plan shows what it can, and the control still needs a step after apply. */
export type Status = "PASS" | "FAIL" | "SUPPRESSED" | "MANUAL";
export interface Result extends Finding {
  readonly status: Status;
}

/**
 * Runs every rule over the plan view. A failure an env suppresses is reported as SUPPRESSED with
 * its reason; a suppression that matches no failure is itself a failure, so stale ones go away.
 */
export function evaluate(
  view: PlanView,
  suppressions: readonly Suppression[] = [],
  rules = RULES,
): Result[] {
  const used = new Set<Suppression>();
  const paths = new Map(view.resources.map((r) => [r.address, r.path]));
  const results: Result[] = rules.flatMap((rule) =>
    rule.check(view).map((finding): Result => {
      if (finding.pass && finding.afterApply)
        return {
          ...finding,
          status: "MANUAL",
          why: `${finding.why}; after apply: ${finding.afterApply}`,
        };
      if (finding.pass) return { ...finding, status: "PASS" };
      const suppression = suppressions.find(
        (s) =>
          s.control === finding.control &&
          suppressionCovers(s.resource, finding.resource, paths.get(finding.resource)),
      );
      if (!suppression) return { ...finding, status: "FAIL" };
      used.add(suppression);
      return {
        ...finding,
        status: "SUPPRESSED",
        why: `${finding.why} (suppressed: ${suppression.reason})`,
      };
    }),
  );
  for (const stale of suppressions.filter((s) => !used.has(s))) {
    results.push({
      control: stale.control,
      resource: stale.resource ?? "(suppression)",
      pass: false,
      status: "FAIL",
      why: "the env suppresses this control but nothing fails it: remove the suppression",
    });
  }
  return results;
}

/** The report: one row per finding, then a summary line. */
export function formatReport(env: string, results: readonly Result[]): string {
  const rows = results.map((r) => [r.control, shorten(r.resource), r.status, r.why]);
  const header = ["control", "resource", "status", "why"];
  const widths = header.map((h, i) =>
    Math.min(60, Math.max(h.length, ...rows.map((row) => row[i].length))),
  );
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join("  ");
  const count = (status: Status) => results.filter((r) => r.status === status).length;
  return [
    `Security baseline of env "${env}"`,
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    "",
    ...(count("MANUAL")
      ? [`${count("MANUAL")} need a step after apply that no plan can show (MANUAL, see why)`]
      : []),
    `${count("PASS")} passed, ${count("SUPPRESSED")} suppressed, ${count("FAIL")} failed`,
  ].join("\n");
}

/** `aws_s3_bucket.gitana_storage_binaries_bucket_965EA2F9` -> `aws_s3_bucket.storage_binaries_bucket`. */
function shorten(address: string): string {
  return address.replace(/\.gitana_/, ".").replace(/_[0-9A-F]{8}$/, "");
}
