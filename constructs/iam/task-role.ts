import { Token } from "cdktf";
import { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { arn, type AwsEnv } from "../core/aws-env";
import { serviceTrustPolicy } from "../core/service-trust";
import type { Grantable, PolicyStatement } from "../core/grants";

export interface TaskRoleProps {
  readonly aws: AwsEnv;
  /** Role name, at most 64 characters. */
  readonly roleName: string;
  readonly description: string;
}

/**
 * An IAM role ECS tasks assume, only for tasks of this account (`aws:SourceAccount`, and
 * `aws:SourceArn` inside ECS of this region: the confused-deputy guard). It starts with no
 * permissions; owners of resources add them through `grant*` methods, one inline policy each.
 */
export class TaskRole extends Construct implements Grantable {
  readonly role: IamRole;
  readonly roleArn: string;
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: TaskRoleProps) {
    super(scope, id);
    // A name from module-mode variables is checked by their validation instead (tools/module-mode/module-inputs.ts).
    if (!Token.isUnresolved(props.roleName) && props.roleName.length > 64) {
      throw new Error(
        `${this.node.path}: roleName "${props.roleName}" is ${props.roleName.length} characters; IAM allows 64`,
      );
    }
    const trust = serviceTrustPolicy(
      this,
      "trust",
      props.aws,
      "ecs-tasks.amazonaws.com",
      arn(props.aws, "ecs", "*"),
    );
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: trust,
    });
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;
  }

  addToPolicy(policyName: string, statements: PolicyStatement[]): void {
    if (this.node.tryFindChild(policyName)) {
      throw new Error(
        `${this.node.path}: a policy named "${policyName}" is already attached; grant names must be unique`,
      );
    }
    const document = new DataAwsIamPolicyDocument(this, `${policyName}-document`, {
      statement: statements,
    });
    new IamRolePolicy(this, policyName, {
      name: policyName,
      role: this.role.id,
      policy: document.json,
    });
  }
}
