import type { PlatformEnvInput } from "../config/schema";

/**
 * Image versions the envs run, pinned. Gitana's images come from the private ECR registry Gitana
 * grants your account access to; 444455556666 is the AWS documentation's example account id:
 * replace it with the registry you were given. Promote a version by editing it here (every env)
 * or by overriding `compute.images` in one env.
 */
export const gitanaImages: PlatformEnvInput["compute"]["images"] = {
  apiServer: {
    repository: "444455556666.dkr.ecr.eu-west-1.amazonaws.com/cloudcms/api-server",
    tag: "3.2.84-arm64",
  },
  uiServer: {
    repository: "444455556666.dkr.ecr.eu-west-1.amazonaws.com/cloudcms/ui-server",
    tag: "3.2.84-arm64",
  },
  antivirusServer: {
    repository: "444455556666.dkr.ecr.eu-west-1.amazonaws.com/cloudcms/antivirus-server",
    tag: "3.2.84-arm64",
  },
  // The Debian-based ClamAV image is multi-arch; clamav/clamav (Alpine) is x86_64 only.
  clamav: { repository: "clamav/clamav-debian", tag: "1.4.2" },
  awsCli: { repository: "public.ecr.aws/aws-cli/aws-cli", tag: "2.22.35" },
};
