/**
 * What a service that delivers vended logs to CloudWatch Logs needs (e.g. Step Functions'
 * execution logs, as AWS documents them). None of these actions has a resource type, so they
 * can only be granted on "*".
 */
export const LOG_DELIVERY_ACTIONS = [
  "logs:CreateLogDelivery",
  "logs:GetLogDelivery",
  "logs:UpdateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:DescribeResourcePolicies",
  "logs:DescribeLogGroups",
];
