import { Construct } from "constructs";
import type { PlatformEnvConfig } from "../../config/schema";
import { awsEnv } from "../core/aws-env";
import { createAwsProvider } from "../core/provider";
import { EncryptionKey } from "../kms";
import { GitanaNetwork } from "../network";
import { createRemoteStateBackend } from "./backend";
import { exportPlatformOutputs } from "./outputs";

export interface GitanaPlatformProps {
  /** The env's validated config (see config/load.ts). */
  readonly config: PlatformEnvConfig;
}

/**
 * Everything one Gitana environment needs, composed from the layer modules in dependency order.
 * This construct only wires typed outputs of one layer into typed props of the next.
 */
export class GitanaPlatform extends Construct {
  readonly logsKey: EncryptionKey;
  readonly network: GitanaNetwork;

  constructor(scope: Construct, id: string, props: GitanaPlatformProps) {
    super(scope, id);
    const { config } = props;
    const aws = awsEnv(config.accountId, config.region);
    const name = `${config.namePrefix}-${config.env}`;

    createAwsProvider(this, { aws, tags: config.tags });
    createRemoteStateBackend(this, config.env, config.stateBackend);

    this.logsKey = new EncryptionKey(this, "logs-key", {
      aws,
      alias: `${name}-logs`,
      description: `Encrypts the CloudWatch log groups of ${name}`,
      allowCloudWatchLogs: true,
    });

    this.network = new GitanaNetwork(this, "network", {
      aws,
      name,
      availabilityZones: config.availabilityZones,
      vpcCidr: config.network.vpcCidr,
      natStrategy: config.network.natStrategy,
      subnetPrefixLengths: config.network.subnetPrefixLengths,
      interfaceEndpoints: config.network.interfaceEndpoints,
      flowLogRetentionDays: config.logRetentionDays,
      logsKmsKeyArn: this.logsKey.keyArn,
    });

    exportPlatformOutputs(this, this);
  }
}
