import { CONTROL_IDS, evaluate, RULES, type PlanView } from "../../tools/policy";
import type { Control } from "./controls/control";
import { changeSafetyControls } from "./controls/change-safety";
import { dataLossControls } from "./controls/data-loss";
import { dataStoreControls } from "./controls/data-stores";
import { ecsControls } from "./controls/ecs";
import { elastiCacheControls } from "./controls/elasticache";
import { elbControls } from "./controls/elb";
import { iamControls } from "./controls/iam";
import { logsAndKeysControls } from "./controls/logs-and-keys";
import { messagingControls } from "./controls/messaging";
import { networkControls } from "./controls/network";
import { s3Controls } from "./controls/s3";

/**
 * Every control against the smallest plan views that pass and fail it: the resources the rule
 * reads, with the one setting it guards (test/policy/controls/<file>.ts, one per
 * policy/rules/<file>.ts). No synth, no terraform. The offline plans of the shipped envs pass
 * them all: test/plan/terraform-plan.test.ts runs the check on each.
 */
const controls: Record<string, Control> = {
  ...s3Controls,
  ...dataStoreControls,
  ...elastiCacheControls,
  ...messagingControls,
  ...ecsControls,
  ...elbControls,
  ...networkControls,
  ...iamControls,
  ...logsAndKeysControls,
  ...dataLossControls,
  ...changeSafetyControls,
};

/** Controls a plan can support but not prove: their best outcome is MANUAL, not PASS. */
const AFTER_APPLY = ["Opensearch.5"];

const resultsOf = (control: string, fixture: PlanView) =>
  evaluate(
    fixture,
    [],
    RULES.filter((rule) => rule.id === control),
  );
const entries = Object.entries(controls);

describe("security baseline rules", () => {
  test("every control has at least one compliant and one non-compliant fixture", () => {
    expect(Object.keys(controls).sort()).toEqual([...CONTROL_IDS].sort());
    expect(entries.filter(([, c]) => c.passes.length === 0 || c.fails.length === 0)).toEqual([]);
  });

  test.each(
    entries.flatMap(([id, c]) => c.passes.map(([what, fixture]) => [id, what, fixture] as const)),
  )("%s passes: %s", (control, _, fixture) => {
    const results = resultsOf(control, fixture());
    expect(results.length).toBeGreaterThan(0);
    const best = AFTER_APPLY.includes(control) ? "MANUAL" : "PASS";
    expect(results.filter((r) => r.status !== best)).toEqual([]);
  });

  test.each(
    entries.flatMap(([id, c]) =>
      c.fails.map(([what, fixture, why]) => [id, what, fixture, why] as const),
    ),
  )("%s fails: %s", (control, _, fixture, why) => {
    const results = resultsOf(control, fixture());
    expect(results.filter((r) => r.status === "FAIL").map((r) => r.why)).toEqual([
      expect.stringContaining(why),
    ]);
  });
});
