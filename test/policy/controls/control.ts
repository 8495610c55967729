import type { PlanView } from "../../../tools/policy/plan-view";

/** A plan view that satisfies the control, and what it shows. */
export type Fixture = [description: string, fixture: () => PlanView];
/** A plan view that breaks the control, and the words its finding must give. */
export type Violation = [description: string, fixture: () => PlanView, why: string];

/** The fixtures of one control: at least one of each kind (test/policy/rules.test.ts). */
export interface Control {
  readonly passes: Fixture[];
  readonly fails: Violation[];
}
