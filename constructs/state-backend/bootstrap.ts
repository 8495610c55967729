import { Construct } from "constructs";
import { LocalBackend, TerraformOutput } from "cdktf";
import { awsEnv } from "../core/aws-env";
import { createAwsProvider } from "../core/provider";
import { StateBackend, type StateAccess, type StateBackendSettings } from "./index";

export interface StateBackendBootstrapProps {
  /** Where the backend is created and what it is named. */
  readonly stateBackend: StateBackendSettings;
  /** The only roles that may reach each env's state. */
  readonly stateAccess: StateAccess;
  /** The provider's default tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The bootstrap env: the state backend, created with local state. Chicken and egg: the bucket
 * that will hold state cannot hold the state of its own creation until it exists. README shows
 * how to move this state into the bucket afterwards.
 */
export class StateBackendBootstrap extends Construct {
  readonly backend: StateBackend;

  constructor(scope: Construct, id: string, props: StateBackendBootstrapProps) {
    super(scope, id);
    const { stateBackend } = props;
    createAwsProvider(this, {
      aws: awsEnv(stateBackend.accountId, stateBackend.region),
      tags: props.tags,
    });
    new LocalBackend(this, { path: "terraform.tfstate" });
    this.backend = new StateBackend(this, "state-backend", {
      config: stateBackend,
      access: props.stateAccess,
    });

    const outputs = {
      state_bucket_name: {
        value: this.backend.names.bucket,
        description: "Bucket holding every env's Terraform state",
      },
      state_bucket_arn: { value: this.backend.bucketArn, description: "ARN of the state bucket" },
      state_access_log_bucket_name: {
        value: this.backend.names.accessLogBucket,
        description: "Bucket receiving the state bucket's access logs",
      },
      lock_table_name: {
        value: this.backend.names.lockTable,
        description: "DynamoDB table of the state locks",
      },
      lock_table_arn: { value: this.backend.lockTableArn, description: "ARN of the lock table" },
      state_kms_key_arn: {
        value: this.backend.kmsKeyArn,
        description: "KMS key encrypting state, locks and the bucket",
      },
    };
    for (const [name, output] of Object.entries(outputs)) {
      new TerraformOutput(this, name, output).overrideLogicalId(name);
    }
  }
}
