import { LOG_DELIVERY_ACTIONS } from "../../../facts/log-delivery";
import { ofType, policyStatements, type PlanView } from "../plan-view";
import { perResource, type Rule } from "../rule";

/**
 * Actions AWS authorizes only on "*": no resource-level permissions exist for them (the IAM
 * service authorization reference), or they are scoped by a condition instead.
 */
const ONLY_ON_STAR = new Set([
  "ec2:DescribeNetworkInterfaces",
  "ecr:GetAuthorizationToken",
  "ecs:ListTasks",
  ...LOG_DELIVERY_ACTIONS, // includes logs:DescribeLogGroups
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
]);

const rolePolicies = (view: PlanView) => [
  ...ofType(view, "aws_iam_role_policy"),
  ...ofType(view, "aws_iam_policy"),
];

export const iamRules: Rule[] = [
  perResource(
    "IAM.1",
    "IAM policies are least-privilege",
    rolePolicies,
    (policy, view) => {
      const statements = policyStatements(view, policy.attrs.policy);
      if (!statements) return "the policy document could not be read";
      const problems: string[] = [];
      for (const statement of statements.filter((s) => s.effect !== "Deny")) {
        const actions = (statement.actions as string[] | undefined) ?? [];
        const resources = (statement.resources as string[] | undefined) ?? [];
        // NotAction / NotResource in an Allow grant everything but a list: never least-privilege.
        for (const inverted of ["not_actions", "not_resources"]) {
          if (statement[inverted] !== undefined) problems.push(`Allow with ${inverted}`);
        }
        for (const action of actions) {
          if (action === "*" || /^[a-z0-9-]+:\*$/.test(action))
            problems.push(`wildcard action ${action}`);
        }
        // "*", or an ARN whose resource part is only "*" (every queue, every bucket...).
        if (resources.some((r) => r === "*" || /^arn:[^:]+:[^:]+:[^:]*:[^:]*:\*$/.test(r))) {
          const unscoped = actions.filter((a) => !ONLY_ON_STAR.has(a));
          if (unscoped.length) problems.push(`${unscoped.join(", ")} on "*"`);
        }
      }
      return problems.length ? problems.join("; ") : undefined;
    },
    'no wildcard actions; "*" resources only for actions AWS cannot scope',
  ),
];
