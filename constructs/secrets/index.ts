import { Construct } from "constructs";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import type { AwsEnv } from "../core/aws-env";
import { kmsViaServiceStatement, type Grantable } from "../core/grants";

/**
 * Gitana's secrets. Which container reads which, under which env var, is the service table's
 * `secrets` (constructs/ecs/services.ts). `keys` lists the JSON keys of a JSON secret.
 */
export const GITANA_SECRETS = {
  rootProperties: {
    suffix: "root-properties",
    description:
      "Contents of root.properties (encrypted cluster tokens, admin password), from the Gitana admin tool",
  },
  propertiesPrivateKey: {
    suffix: "properties-private-key",
    description: "Contents of keys/properties.key, which decrypts root.properties",
  },
  license: {
    suffix: "license",
    description: "The Gitana licence file's contents",
  },
  clusterGroupPassword: {
    suffix: "cluster-group-password",
    description: "Password of the API servers' cluster group (cluster.group.password)",
  },
  uiSessionSecret: {
    suffix: "ui-session-secret",
    description:
      'Key the UI server signs its session cookies with (cloudcms-server falls back to the literal "secret")',
  },
  antivirusCredentials: {
    suffix: "antivirus-credentials",
    description: 'JSON {"username": ..., "password": ...} of the antivirus service',
    keys: ["username", "password"],
  },
} as const;

export type GitanaSecretName = keyof typeof GITANA_SECRETS;

export interface GitanaSecretsProps {
  readonly aws: AwsEnv;
  /** Prefix of the secret names, e.g. `gitana-prod` gives `gitana-prod/license`. */
  readonly namePrefix: string;
  readonly kmsKeyArn: string;
  /** Days a deleted secret can be restored; 0 deletes at once. */
  readonly recoveryWindowDays: number;
}

/**
 * The secrets Gitana's containers need, created empty: Terraform never sees a value, so none lands
 * in state or in the synthesized JSON. Operators put the values once per env (README, "Secrets").
 */
export class GitanaSecrets extends Construct {
  /** Secret ARN by name. */
  readonly secretArns: Readonly<Record<GitanaSecretName, string>>;
  private readonly aws: AwsEnv;
  private readonly kmsKeyArn: string;

  constructor(scope: Construct, id: string, props: GitanaSecretsProps) {
    super(scope, id);
    if (
      props.recoveryWindowDays !== 0 &&
      (props.recoveryWindowDays < 7 || props.recoveryWindowDays > 30)
    ) {
      throw new Error(
        `${this.node.path}: recoveryWindowDays ${props.recoveryWindowDays} is not allowed; use 0 or 7 to 30`,
      );
    }
    this.aws = props.aws;
    this.kmsKeyArn = props.kmsKeyArn;
    const arns = {} as Record<GitanaSecretName, string>;
    for (const [key, secret] of Object.entries(GITANA_SECRETS) as [
      GitanaSecretName,
      (typeof GITANA_SECRETS)[GitanaSecretName],
    ][]) {
      arns[key] = new SecretsmanagerSecret(this, secret.suffix, {
        name: `${props.namePrefix}/${secret.suffix}`,
        description: secret.description,
        kmsKeyId: props.kmsKeyArn,
        recoveryWindowInDays: props.recoveryWindowDays,
      }).arn;
    }
    this.secretArns = arns;
  }

  /** GetSecretValue on exactly the named secrets, and decrypt with their key through Secrets Manager only. */
  grantRead(grantee: Grantable, names: readonly GitanaSecretName[]): void {
    grantee.addToPolicy("gitana-secrets-read", [
      {
        sid: "ReadGitanaSecrets",
        actions: ["secretsmanager:GetSecretValue"],
        resources: names.map((n) => this.secretArns[n]),
      },
      kmsViaServiceStatement(
        "UseSecretsKeyThroughSecretsManager",
        this.kmsKeyArn,
        ["kms:Decrypt"],
        "secretsmanager",
        this.aws.region,
      ),
    ]);
  }
}
