import { CONTROL_IDS } from "../../facts/controls";
import { RULES } from "../../policy";

// Config checks suppressions against facts/controls.ts without loading the policy engine; the
// list must name exactly the engine's controls, in its report order.
test("the control catalogue in facts/ is the policy engine's rules, in report order", () => {
  expect(CONTROL_IDS).toEqual(RULES.map((rule) => rule.id));
});
