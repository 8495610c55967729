import type { Control } from "./control";
import { resource, view, policyDocument } from "../fixtures";

/** IAM: a role policy and the document it attaches. */
const rolePolicy = (statement: Record<string, unknown>) => {
  const document = policyDocument("task_policy", [statement]);
  return view(
    document,
    resource("aws_iam_role_policy", "task", { policy: `\${${document.address}.json}` }),
  );
};
const QUEUE_ARN = "arn:aws:sqs:eu-west-1:111122223333:gitana-prod-queue";

export const iamControls: Record<string, Control> = {
  "IAM.1": {
    passes: [
      [
        "named actions on a named queue",
        () =>
          rolePolicy({ effect: "Allow", actions: ["sqs:ReceiveMessage"], resources: [QUEUE_ARN] }),
      ],
      [
        'an action AWS authorizes only on "*"',
        () =>
          rolePolicy({ effect: "Allow", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] }),
      ],
      [
        "a Deny with a wildcard",
        () => rolePolicy({ effect: "Deny", actions: ["s3:*"], resources: ["*"] }),
      ],
    ],
    fails: [
      [
        "a wildcard action",
        () => rolePolicy({ effect: "Allow", actions: ["es:*"], resources: [QUEUE_ARN] }),
        "wildcard action es:*",
      ],
      [
        "not_actions in an Allow",
        () => rolePolicy({ effect: "Allow", not_actions: ["iam:*"], resources: [QUEUE_ARN] }),
        "Allow with not_actions",
      ],
      [
        "every topic of the account",
        () =>
          rolePolicy({
            effect: "Allow",
            actions: ["sns:Publish"],
            resources: ["arn:aws:sns:eu-west-1:111122223333:*"],
          }),
        'sns:Publish on "*"',
      ],
      [
        "an unreadable document",
        () => view(resource("aws_iam_role_policy", "task", { policy: "{}" })),
        "the policy document could not be read",
      ],
    ],
  },
};
