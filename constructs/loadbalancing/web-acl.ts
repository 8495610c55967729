import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";

/**
 * AWS managed rule groups the web ACL runs, in priority order. CommonRuleSet's 8 KB body limit
 * would block Gitana's uploads and large JSON documents, so that one rule only counts.
 */
const MANAGED_RULE_GROUPS: readonly {
  readonly name: string;
  readonly countOnly?: readonly string[];
}[] = [
  { name: "AWSManagedRulesAmazonIpReputationList" },
  { name: "AWSManagedRulesCommonRuleSet", countOnly: ["SizeRestrictions_BODY"] },
  { name: "AWSManagedRulesKnownBadInputsRuleSet" },
  { name: "AWSManagedRulesSQLiRuleSet" },
];

/** Actions whose requests the WAF log keeps. */
export const LOGGED_ACTIONS = ["BLOCK", "COUNT", "EXCLUDED_AS_COUNT"] as const;
/** Request headers carrying credentials (API bearer tokens, UI session cookies), redacted in the log. */
export const REDACTED_HEADERS = ["authorization", "cookie"] as const;

export interface GitanaWebAclProps {
  /** Prefix of the names, `<prefix>-<env>`: the ACL is named so, its log group `aws-waf-logs-<namePrefix>`. */
  readonly namePrefix: string;
  /** The load balancers it protects (internet-facing ones). */
  readonly loadBalancerArns: string[];
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;
}

/**
 * An AWS WAF web ACL of AWS managed rule groups in front of the internet-facing load balancers,
 * with request metrics and KMS-encrypted logs of blocked and counted requests, credentials redacted.
 */
export class GitanaWebAcl extends Construct {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: GitanaWebAclProps) {
    super(scope, id);
    const visibility = (metricName: string) => ({
      cloudwatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    const acl = new Wafv2WebAcl(this, "web-acl", {
      name: props.namePrefix,
      description: `AWS managed rules in front of the ${props.namePrefix} load balancers`,
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      visibilityConfig: visibility(props.namePrefix),
      rule: MANAGED_RULE_GROUPS.map((group, priority) => ({
        name: group.name,
        priority,
        overrideAction: { none: {} },
        // `statement` is untyped in the provider bindings: written as Terraform expects it.
        statement: {
          managed_rule_group_statement: {
            name: group.name,
            vendor_name: "AWS",
            rule_action_override: (group.countOnly ?? []).map((rule) => ({
              name: rule,
              action_to_use: { count: {} },
            })),
          },
        },
        visibilityConfig: visibility(`${props.namePrefix}-${group.name}`),
      })),
    });
    this.webAclArn = acl.arn;

    props.loadBalancerArns.forEach((resourceArn, i) => {
      new Wafv2WebAclAssociation(this, `association-${i}`, { resourceArn, webAclArn: acl.arn });
    });

    // WAF delivers logs only to groups named aws-waf-logs-*.
    const logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `aws-waf-logs-${props.namePrefix}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logsKmsKeyArn,
    });
    new Wafv2WebAclLoggingConfiguration(this, "logging", {
      resourceArn: acl.arn,
      logDestinationConfigs: [logGroup.arn],
      // Keep what was blocked or counted; allowed requests are in the ALB access logs already.
      // A managed rule overridden to Count (countOnly above) logs as EXCLUDED_AS_COUNT, not COUNT
      // (AWS WAF API reference, ActionCondition), so both are kept.
      loggingFilter: {
        defaultBehavior: "DROP",
        filter: [
          {
            behavior: "KEEP",
            requirement: "MEETS_ANY",
            condition: LOGGED_ACTIONS.map((action) => ({ actionCondition: { action } })),
          },
        ],
      },
      // Bearer tokens and session cookies must not sit in a log group for the retention period.
      redactedFields: REDACTED_HEADERS.map((name) => ({ singleHeader: { name } })),
    });
  }
}
