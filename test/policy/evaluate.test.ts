import { evaluate, formatReport, RULES } from "../../tools/policy";
import { resource, view } from "./fixtures";

/** How findings become statuses: suppressions, MANUAL controls, and the report. */

/** Two load balancers without deletion protection, under gitana/compute/<id>. */
const unprotectedBalancers = () =>
  view(
    ...["api-lb", "ui-lb"].map((id) =>
      resource(
        "aws_lb",
        `gitana_compute_${id}_ABCD1234`,
        { load_balancer_type: "application", enable_deletion_protection: false },
        { path: `gitana/compute/${id}` },
      ),
    ),
  );
const failing = (results: ReturnType<typeof evaluate>, control: string) =>
  results.filter((r) => r.control === control && r.status === "FAIL").map((r) => r.resource);

describe("controls no plan can prove", () => {
  const auditedDomain = () =>
    view(
      resource("aws_opensearch_domain", "search", {
        log_publishing_options: [{ log_type: "AUDIT_LOGS" }],
      }),
    );

  test("Opensearch.5 never passes on publishing alone: it is MANUAL, naming the step after apply", () => {
    expect(evaluate(auditedDomain()).filter((r) => r.control === "Opensearch.5")).toEqual([
      expect.objectContaining({
        status: "MANUAL",
        why: "audit logs published to CloudWatch; after apply: enable them with the security plugin's audit API (docs/security.md, OpenSearch audit logs)",
      }),
    ]);
  });

  test("the report counts MANUAL controls above the summary, and they fail nothing", () => {
    const report = formatReport(
      "prod",
      evaluate(auditedDomain()).filter((r) => r.control === "Opensearch.5"),
    );
    expect(report).toMatch(
      /\n1 need a step after apply that no plan can show \(MANUAL, see why\)\n0 passed, 0 suppressed, 0 failed$/,
    );
  });
});

describe("suppressions", () => {
  test("a suppressed failure is reported with its reason and does not fail the check", () => {
    const results = evaluate(unprotectedBalancers(), [
      { control: "ELB.6", reason: "balancers we replace weekly" },
    ]);
    expect(results.filter((r) => r.control === "ELB.6").map((r) => [r.status, r.why])).toEqual([
      ["SUPPRESSED", "deletion protection is off (suppressed: balancers we replace weekly)"],
      ["SUPPRESSED", "deletion protection is off (suppressed: balancers we replace weekly)"],
    ]);
    expect(failing(results, "ELB.6")).toEqual([]);
  });

  test("a suppression limited to a construct path leaves the others failing", () => {
    const results = evaluate(unprotectedBalancers(), [
      {
        control: "ELB.6",
        reason: "the api balancer is replaced weekly",
        resource: "gitana/compute/api-lb",
      },
    ]);
    expect(failing(results, "ELB.6")).toEqual(["aws_lb.gitana_compute_ui-lb_ABCD1234"]);
  });

  describe("a suppression's resource matches at a construct path boundary, never by substring", () => {
    // Both services' log groups keep too few days; only api is suppressed.
    const api = resource(
      "aws_cloudwatch_log_group",
      "gitana_compute_api_log-group_1111AAAA",
      { retention_in_days: 30 },
      { path: "gitana/compute/api/log-group" },
    );
    const worker = resource(
      "aws_cloudwatch_log_group",
      "gitana_compute_api-worker_log-group_2222BBBB",
      { retention_in_days: 30 },
      { path: "gitana/compute/api-worker/log-group" },
    );
    const failingWith = (selector: string) =>
      failing(
        evaluate(view(api, worker), [
          {
            control: "CloudWatch.16",
            reason: "api logs are shipped elsewhere",
            resource: selector,
          },
        ]),
        "CloudWatch.16",
      );

    test("gitana/compute/api covers api's log group but not api-worker's", () => {
      expect(failingWith("gitana/compute/api")).toEqual([worker.address]);
    });

    test("the construct path of the resource itself covers only it", () => {
      expect(failingWith("gitana/compute/api/log-group")).toEqual([worker.address]);
    });

    test("an exact address covers only that resource", () => {
      expect(failingWith(api.address)).toEqual([worker.address]);
    });

    test.each(["compute_api", "gitana/compute/ap"])(
      "a fragment of an address or path (%s) covers nothing, and fails as stale",
      (fragment) => {
        expect(failingWith(fragment)).toEqual([api.address, worker.address, fragment]);
      },
    );
  });

  test("a suppression that matches no failure fails the check, so stale ones are removed", () => {
    const protectedBalancer = view(resource("aws_lb", "api", { enable_deletion_protection: true }));
    const results = evaluate(
      protectedBalancer,
      [{ control: "ELB.6", reason: "left over from a migration" }],
      RULES.filter((rule) => rule.id === "ELB.6"),
    );
    expect(results.filter((r) => r.status === "FAIL")).toEqual([
      expect.objectContaining({
        control: "ELB.6",
        why: "the env suppresses this control but nothing fails it: remove the suppression",
      }),
    ]);
  });
});

describe("the report", () => {
  test("is a table, one row per finding with the address shortened, then a summary line", () => {
    const results = evaluate(unprotectedBalancers()).filter((r) => r.control === "ELB.6");
    expect(formatReport("prod", results).split("\n")).toEqual([
      'Security baseline of env "prod"',
      expect.stringMatching(/^control +resource +status +why$/),
      expect.stringMatching(/^-+ +-+ +-+ +-+$/),
      expect.stringMatching(/^ELB\.6 +aws_lb\.compute_api-lb +FAIL +deletion protection is off$/),
      expect.stringMatching(/^ELB\.6 +aws_lb\.compute_ui-lb +FAIL +deletion protection is off$/),
      "",
      "0 passed, 0 suppressed, 2 failed",
    ]);
  });
});
