import { arn, type AwsEnv } from "../core/aws-env";
import type { PolicyStatement } from "../core/grants";

/**
 * Elastic Load Balancing writes access logs as one of its own accounts in regions opened before
 * August 2022, and as the log-delivery service principal everywhere else (AWS ELB user guide,
 * "Attach a bucket policy"). Kept here so no data source has to ask AWS at plan time.
 */
const ELB_LOG_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "af-south-1": "098369216593",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-south-1": "635631232127",
  "eu-west-3": "009996457667",
  "eu-north-1": "897822967062",
  "ap-east-1": "754344448648",
  "ap-northeast-1": "582318560864",
  "ap-northeast-2": "600734575887",
  "ap-northeast-3": "383597477331",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-south-1": "718504428378",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
  "us-gov-west-1": "048591011584",
  "us-gov-east-1": "190560391635",
  "cn-north-1": "638102146993",
  "cn-northwest-1": "037604701340",
};

/** Lets ALB access-log delivery of this region write under `prefix/AWSLogs/<account>/` only. */
export function loadBalancerLogDeliveryStatement(
  aws: AwsEnv,
  bucketArn: string,
  prefix: string,
): PolicyStatement {
  const elbAccount = ELB_LOG_ACCOUNTS[aws.region];
  return {
    sid: "AllowLoadBalancerAccessLogDelivery",
    actions: ["s3:PutObject"],
    resources: [`${bucketArn}/${prefix}/AWSLogs/${aws.accountId}/*`],
    principals: elbAccount
      ? [{ type: "AWS", identifiers: [`arn:${aws.partition}:iam::${elbAccount}:root`] }]
      : [{ type: "Service", identifiers: ["logdelivery.elasticloadbalancing.amazonaws.com"] }],
    ...(elbAccount
      ? {}
      : {
          condition: [
            {
              test: "ArnLike",
              variable: "aws:SourceArn",
              values: [arn(aws, "elasticloadbalancing", "loadbalancer/*")],
            },
          ],
        }),
  };
}
