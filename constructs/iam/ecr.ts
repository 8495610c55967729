import { arn, awsEnv } from "../core/aws-env";

const ECR_IMAGE =
  /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?:[:@].*)?$/;

/**
 * The ECR repository ARN of an image reference, or undefined for images from other (public)
 * registries, which need no IAM permission to pull.
 */
export function ecrRepositoryArn(image: string): string | undefined {
  const match = ECR_IMAGE.exec(image);
  if (!match) return undefined;
  const [, account, region, repository] = match;
  return arn(awsEnv(account, region), "ecr", `repository/${repository}`);
}
