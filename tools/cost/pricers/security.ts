import { formatQuantity, plural, type LineItem, type Pricer } from "../pricer";
import { block, blocks } from "../../../synthesized/stack-json";

/** Customer managed KMS keys by the month, plus requests (an assumption). */
export const kmsKeys: Pricer = {
  types: ["aws_kms_key"],
  price(ctx) {
    const keys = ctx.stack.ofType("aws_kms_key").length;
    if (keys === 0) return [];
    const requests = ctx.assume("kmsRequests");
    return [
      {
        component: "KMS",
        what: plural(keys, "customer managed key"),
        monthlyUsd: keys * ctx.prices.kms.keyMonth.usd,
      },
      {
        component: "KMS",
        what: `${formatQuantity(requests)} requests (assumed)`,
        monthlyUsd: (requests / 10_000) * ctx.prices.kms.requestsPer10k.usd,
      },
    ];
  },
};

/**
 * Secrets by the month, plus API calls (an assumption). A DocumentDB cluster with
 * `manage_master_user_password` owns one more secret, which AWS creates outside Terraform.
 */
export const secrets: Pricer = {
  types: ["aws_secretsmanager_secret"],
  price(ctx) {
    const declared = ctx.stack.ofType("aws_secretsmanager_secret").length;
    const managed = ctx.stack
      .ofType("aws_docdb_cluster")
      .filter((c) => c.attrs.manage_master_user_password === true).length;
    if (declared + managed === 0) return [];
    const calls = ctx.assume("secretsApiCalls");
    return [
      {
        component: "Secrets Manager",
        what:
          plural(declared + managed, "secret") +
          (managed > 0
            ? ` (${formatQuantity(managed)} managed by DocumentDB for its master user)`
            : ""),
        monthlyUsd: (declared + managed) * ctx.prices.secretsManager.secretMonth.usd,
      },
      {
        component: "Secrets Manager",
        what: `${formatQuantity(calls)} API calls (assumed)`,
        monthlyUsd: (calls / 10_000) * ctx.prices.secretsManager.apiCallsPer10k.usd,
      },
    ];
  },
};

/** Managed rule groups that carry their own subscription and request fees. */
const PAID_RULE_GROUPS = [
  "AWSManagedRulesBotControlRuleSet",
  "AWSManagedRulesATPRuleSet",
  "AWSManagedRulesACFPRuleSet",
  "AWSManagedRulesAntiDDoSRuleSet",
];

/**
 * WAF: each web ACL and each of its rules (a managed rule group counts as one) by the month,
 * plus inspected requests (an assumption). Paid managed rule groups and Marketplace groups have
 * fees of their own that the table does not hold.
 */
export const waf: Pricer = {
  types: ["aws_wafv2_web_acl"],
  price(ctx) {
    const items: LineItem[] = [];
    const p = ctx.prices.waf;
    for (const acl of ctx.stack.ofType("aws_wafv2_web_acl")) {
      const rules = blocks(acl.attrs.rule);
      const paid = rules
        .map((r) => block(block(r.statement)?.managed_rule_group_statement))
        .filter(
          (g) =>
            g !== undefined &&
            (g.vendor_name !== "AWS" || PAID_RULE_GROUPS.includes(String(g.name))),
        );
      if (paid.length > 0) {
        ctx.unpriced(
          acl,
          `paid managed rule groups (${paid.map((g) => String(g?.name)).join(", ")}) are not priced`,
        );
        continue;
      }
      const name = typeof acl.attrs.name === "string" ? acl.attrs.name : acl.name;
      items.push({
        component: "WAF",
        what: `${name}: 1 web ACL + ${plural(rules.length, "rule")}`,
        monthlyUsd: p.webAclMonth.usd + rules.length * p.ruleMonth.usd,
      });
    }
    if (items.length === 0) return items;
    const requests = ctx.assume("wafRequestsMillions");
    items.push({
      component: "WAF",
      what: `${formatQuantity(requests)} M requests inspected (assumed)`,
      monthlyUsd: requests * p.requestsPerMillion.usd,
    });
    return items;
  },
};
