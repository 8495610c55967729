import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { arn, type AwsEnv } from "../core/aws-env";
import { serviceTrustPolicy } from "../core/service-trust";

export interface FlowLogsProps {
  readonly aws: AwsEnv;
  /** Prefix of the names, e.g. `gitana-prod`. */
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly retentionDays: number;
  readonly kmsKeyArn: string;
}

/**
 * VPC flow logs (FSBP EC2.6) of all traffic, accepted and rejected, into a KMS-encrypted log group
 * created here with its retention, written through a role that can touch only that group.
 */
export class FlowLogs extends Construct {
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: FlowLogsProps) {
    super(scope, id);
    const logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/vpc/${props.namePrefix}/flow-logs`,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    this.logGroupName = logGroup.name;

    // Only flow logs of this account may assume the role.
    const trust = serviceTrustPolicy(
      this,
      "trust",
      props.aws,
      "vpc-flow-logs.amazonaws.com",
      arn(props.aws, "ec2", "vpc-flow-log/*"),
    );
    const role = new IamRole(this, "role", {
      name: `${props.namePrefix}-vpc-flow-logs`,
      description: "Lets VPC Flow Logs write to its own log group",
      assumeRolePolicy: trust,
    });
    const write = new DataAwsIamPolicyDocument(this, "write", {
      statement: [
        {
          sid: "WriteFlowLogGroup",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          resources: [logGroup.arn, `${logGroup.arn}:log-stream:*`],
        },
        {
          // In the policy AWS documents for flow logs; Describe* cannot be scoped to one group.
          sid: "FindLogGroups",
          actions: ["logs:DescribeLogGroups"],
          resources: [arn(props.aws, "logs", "log-group:*")],
        },
      ],
    });
    const writePolicy = new IamRolePolicy(this, "write-policy", {
      name: "write-flow-log-group",
      role: role.id,
      policy: write.json,
    });

    new FlowLog(this, "flow-log", {
      vpcId: props.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      tags: { Name: `${props.namePrefix}-vpc` },
      // Without the policy in place, the first deliveries fail with DeliverLogsPermissionDenied.
      dependsOn: [writePolicy],
    });
  }
}
