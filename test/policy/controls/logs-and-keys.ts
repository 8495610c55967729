import type { Control } from "./control";
import { resource, view, key } from "../fixtures";

/** Log groups, state machines and KMS keys. */
const logGroup = (attrs: Record<string, unknown>) =>
  view(resource("aws_cloudwatch_log_group", "api", attrs));

export const logsAndKeysControls: Record<string, Control> = {
  "CloudWatch.16": {
    passes: [["400 days", () => logGroup({ retention_in_days: 400 })]],
    fails: [
      ["90 days", () => logGroup({ retention_in_days: 90 }), "retention is 90 days"],
      ["kept forever", () => logGroup({}), "logs are kept forever without a retention decision"],
    ],
  },
  "Gitana.LogGroupKms": {
    passes: [["a KMS key", () => logGroup({ kms_key_id: "${aws_kms_key.logs.arn}" })]],
    fails: [["no KMS key", () => logGroup({}), "no KMS key"]],
  },
  "StepFunctions.1": {
    passes: [
      [
        "execution logging at ERROR",
        () =>
          view(
            resource("aws_sfn_state_machine", "m", { logging_configuration: { level: "ERROR" } }),
          ),
      ],
    ],
    fails: [
      [
        "execution logging OFF",
        () =>
          view(
            resource("aws_sfn_state_machine", "m", { logging_configuration: [{ level: "OFF" }] }),
          ),
        "execution logging is off",
      ],
    ],
  },
  "KMS.4": {
    passes: [["rotation on", () => key({ enable_key_rotation: true })]],
    fails: [
      ["rotation off", () => key({ enable_key_rotation: false }), "automatic rotation is off"],
    ],
  },
};
