import { Token } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamServiceLinkedRole } from "@cdktf/provider-aws/lib/iam-service-linked-role";
import { OpensearchDomain } from "@cdktf/provider-aws/lib/opensearch-domain";
import {
  OPENSEARCH_DOMAIN_NAME_MAX_LENGTH,
  openSearchDomainName,
  spreadsOverZones,
} from "../../facts/opensearch";
import { arn, type AwsEnv } from "../core/aws-env";
import type { Grantable } from "../core/grants";
import { encryptedLogGroup } from "../core/log-group";
import { ServiceSecurityGroup } from "../core/security-group";

export const OPENSEARCH_PORT = 443;
/** AWS's TLS policy that requires TLS 1.2 or later with perfect-forward-secrecy ciphers. */
export const OPENSEARCH_TLS_POLICY = "Policy-Min-TLS-1-2-PFS-2023-10";

/** OpenSearch log types and the suffix of their log group. */
const LOG_TYPES = {
  ES_APPLICATION_LOGS: "application",
  AUDIT_LOGS: "audit",
  INDEX_SLOW_LOGS: "index-slow",
  SEARCH_SLOW_LOGS: "search-slow",
} as const;

export interface OpenSearchDomainProps {
  readonly aws: AwsEnv;
  /** Prefix of the names, e.g. `gitana-prod`; the domain is `<namePrefix>-search` (28 characters at most). */
  readonly namePrefix: string;
  readonly vpcId: string;
  /** One subnet per AZ (the isolated data tier); a one-node domain uses the first. */
  readonly subnetIds: string[];
  readonly engineVersion: string;
  readonly instanceType: string;
  /** 1, or a multiple of 3 spread over the three AZs. */
  readonly instanceCount: number;
  /** @default - no dedicated masters */
  readonly dedicatedMaster?: { readonly instanceType: string; readonly count: number };
  readonly volumeSizeGb: number;
  readonly kmsKeyArn: string;
  readonly logsKmsKeyArn: string;
  readonly logRetentionDays: number;
  /** The IAM role mapped to OpenSearch's all-access master user (fine-grained access control). */
  readonly masterUserArn: string;
  /** @default false */
  readonly createServiceLinkedRole?: boolean;
  readonly preventDestroy: boolean;
}

/**
 * Gitana's search index: an OpenSearch domain inside the VPC, encrypted at rest and between nodes,
 * HTTPS-only with TLS 1.2+, fine-grained access control with an IAM master (the API server signs
 * its requests with the node role), and every log type published to encrypted log groups.
 */
export class OpenSearchDomain extends Construct {
  readonly domainName: string;
  readonly domainArn: string;
  readonly endpoint: string;
  readonly securityGroupId: string;
  /** Admits callers peer by peer (`openPath`). */
  readonly securityGroup: ServiceSecurityGroup;

  constructor(scope: Construct, id: string, props: OpenSearchDomainProps) {
    super(scope, id);
    const domainName = openSearchDomainName(props.namePrefix);
    // A name from module-mode variables is checked by their validation instead (tools/module-mode/module-inputs.ts).
    if (!Token.isUnresolved(domainName) && domainName.length > OPENSEARCH_DOMAIN_NAME_MAX_LENGTH) {
      throw new Error(
        `${this.node.path}: domain name "${domainName}" is ${domainName.length} characters; OpenSearch allows ${OPENSEARCH_DOMAIN_NAME_MAX_LENGTH}`,
      );
    }
    const multiAz = props.instanceCount > 1;
    if (!spreadsOverZones(props.instanceCount, props.subnetIds.length)) {
      throw new Error(
        `${this.node.path}: instanceCount ${props.instanceCount} cannot be spread evenly over ${props.subnetIds.length} AZs; use 1 or a multiple of ${props.subnetIds.length}`,
      );
    }
    this.domainName = domainName;
    this.domainArn = arn(props.aws, "es", `domain/${domainName}`);

    this.securityGroup = new ServiceSecurityGroup(this, "security-group", {
      peerName: "opensearch",
      name: domainName,
      description: `OpenSearch ${domainName}: HTTPS from Gitana API tasks only`,
      vpcId: props.vpcId,
      port: OPENSEARCH_PORT,
    });
    this.securityGroupId = this.securityGroup.securityGroupId;

    const logGroups = Object.entries(LOG_TYPES).map(([logType, suffix]) => ({
      logType,
      group: encryptedLogGroup(this, `${suffix}-log-group`, {
        name: `/aws/opensearch/${domainName}/${suffix}`,
        retentionDays: props.logRetentionDays,
        kmsKeyArn: props.logsKmsKeyArn,
      }),
    }));
    const logDelivery = new DataAwsIamPolicyDocument(this, "log-delivery", {
      statement: [
        {
          sid: "OpenSearchWritesItsOwnLogGroups",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: logGroups.map(({ group }) => `${group.arn}:*`),
          principals: [{ type: "Service", identifiers: ["es.amazonaws.com"] }],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [props.aws.accountId] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [this.domainArn] },
          ],
        },
      ],
    });
    const logPolicy = new CloudwatchLogResourcePolicy(this, "log-resource-policy", {
      policyName: `${domainName}-logs`,
      policyDocument: logDelivery.json,
    });

    const access = new DataAwsIamPolicyDocument(this, "access-policy", {
      statement: [
        {
          sid: "OnlyTheGitanaNodeRole",
          actions: ["es:ESHttp*"],
          resources: [`${this.domainArn}/*`],
          principals: [{ type: "AWS", identifiers: [props.masterUserArn] }],
        },
      ],
    });

    const serviceLinkedRole = props.createServiceLinkedRole
      ? [
          new IamServiceLinkedRole(this, "service-linked-role", {
            awsServiceName: "opensearchservice.amazonaws.com",
          }),
        ]
      : [];

    const domain = new OpensearchDomain(this, "domain", {
      domainName,
      engineVersion: props.engineVersion,
      clusterConfig: {
        instanceType: props.instanceType,
        instanceCount: props.instanceCount,
        zoneAwarenessEnabled: multiAz,
        ...(multiAz
          ? { zoneAwarenessConfig: { availabilityZoneCount: props.subnetIds.length } }
          : {}),
        dedicatedMasterEnabled: props.dedicatedMaster !== undefined,
        ...(props.dedicatedMaster
          ? {
              dedicatedMasterType: props.dedicatedMaster.instanceType,
              dedicatedMasterCount: props.dedicatedMaster.count,
            }
          : {}),
      },
      vpcOptions: {
        subnetIds: multiAz ? props.subnetIds : [props.subnetIds[0]],
        securityGroupIds: [this.securityGroupId],
      },
      ebsOptions: { ebsEnabled: true, volumeType: "gp3", volumeSize: props.volumeSizeGb },
      encryptAtRest: { enabled: true, kmsKeyId: props.kmsKeyArn },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: OPENSEARCH_TLS_POLICY },
      advancedSecurityOptions: {
        enabled: true,
        anonymousAuthEnabled: false,
        internalUserDatabaseEnabled: false,
        masterUserOptions: { masterUserArn: props.masterUserArn },
      },
      accessPolicies: access.json,
      logPublishingOptions: logGroups.map(({ logType, group }) => ({
        logType,
        cloudwatchLogGroupArn: group.arn,
        enabled: true,
      })),
      softwareUpdateOptions: { autoSoftwareUpdateEnabled: true },
      lifecycle: { preventDestroy: props.preventDestroy },
      dependsOn: [logPolicy, ...serviceLinkedRole],
    });
    this.endpoint = domain.endpoint;
  }

  /** Signed HTTP requests to the domain's indices and APIs (what the API server does). */
  grantReadWrite(grantee: Grantable): void {
    grantee.addToPolicy("search-http", [
      {
        sid: "SignedHttpToTheGitanaDomain",
        actions: [
          "es:ESHttpGet",
          "es:ESHttpHead",
          "es:ESHttpPost",
          "es:ESHttpPut",
          "es:ESHttpDelete",
          "es:ESHttpPatch",
        ],
        resources: [this.domainArn, `${this.domainArn}/*`],
      },
    ]);
  }
}
