import { Testing } from "cdktf";
import { GitanaWebAcl } from "../../constructs/loadbalancing/web-acl";
import { resourceOf, type StackJson } from "../helpers/synth";

const stack = JSON.parse(
  Testing.synthScope((scope) => {
    new GitanaWebAcl(scope, "waf", {
      namePrefix: "gitana-prod",
      loadBalancerArns: [
        "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/a/1",
      ],
      logRetentionDays: 400,
      logsKmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/logs",
    });
  }),
) as StackJson;
const logging = resourceOf(stack, "aws_wafv2_web_acl_logging_configuration");

describe("web ACL logging", () => {
  test("keeps blocked, counted and count-overridden managed-rule requests, drops the rest", () => {
    // A managed rule overridden to Count logs as EXCLUDED_AS_COUNT (AWS WAF API, ActionCondition).
    expect(logging.logging_filter).toEqual({
      default_behavior: "DROP",
      filter: [
        {
          behavior: "KEEP",
          requirement: "MEETS_ANY",
          condition: [
            { action_condition: { action: "BLOCK" } },
            { action_condition: { action: "COUNT" } },
            { action_condition: { action: "EXCLUDED_AS_COUNT" } },
          ],
        },
      ],
    });
  });

  test("redacts the authorization and cookie headers, which carry credentials", () => {
    expect(logging.redacted_fields).toEqual([
      { single_header: { name: "authorization" } },
      { single_header: { name: "cookie" } },
    ]);
  });
});
