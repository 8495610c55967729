/**
 * The runtime contract: what each Gitana component needs to run, as read in the vendor's own
 * sources, as rows per component; the service table (services.ts) holds each component's rows
 * with its secrets. `npm test` (test/runtime-contract.test.ts) checks every env against it: each variable, secret and config file is there, each listening port is mapped, and
 * each outbound connection is admitted by the caller's egress, the target's ingress, any VPC
 * endpoint in the way and the target's resource policy, on the port and protocol really used.
 *
 * Sources, as cited in `source`:
 * - sdk-ecs: gitana/sdk containers/32/ecs/simple/{api,ui,av,clamav}.json
 * - sdk-k8s: gitana/sdk containers/32/kubernetes/{simple,clustered,clustered-workers}/*.yaml
 * - guide: the vendor's "Gitana 3.2 on Amazon ECS" deployment guide
 * - cloudcms-server: the UI server's npm package, version 3.2.353 (`npm pack cloudcms-server@3.2.353`)
 * - aws-sdk: aws-sdk 2.1692.0, the SQS client cloudcms-server depends on
 * - AWS: the AWS documentation page named
 * - ours: a file of this project that defines the contract (e.g. a ${VAR} placeholder in
 *   assets/gitana/api/classes/container.properties, whose value the task definition injects)
 */

import type { ServiceName } from "./services";

/** A data store the services reach through its security group. */
export type DataStoreName = "documentdb" | "opensearch" | "session-store";

/** What a connection goes to: another service, a data store, an AWS API, or the internet. */
export type ConnectionTarget =
  | ServiceName
  | DataStoreName
  | {
      readonly awsApi:
        "sqs" | "sns" | "s3" | "secretsmanager" | "logs" | "ecr.api" | "ecr.dkr" | "ecs";
    }
  | "internet";

export interface Connection {
  readonly to: ConnectionTarget;
  readonly port: number;
  /** `tls` and `https` are encrypted; a resource policy that denies clear text must allow them. */
  readonly protocol: "http" | "https" | "tcp" | "tls";
  readonly why: string;
  readonly source: string;
  /** Only in envs where this holds (e.g. the session store exists when the ui scales out). @default always */
  readonly when?: "uiScalesOut";
}

export interface Requirement {
  readonly name: string;
  readonly source: string;
  readonly when?: "uiScalesOut";
}

/** One component's contract; its secrets come from the service table's `secrets` (services.ts). */
export interface ComponentContract {
  readonly environment: readonly Requirement[];
  readonly secrets: readonly Requirement[];
  /** Paths under /gitana (the config prefix) the component reads. */
  readonly files: readonly Requirement[];
  readonly listens: readonly {
    readonly port: number;
    readonly protocol: "http" | "tcp";
    readonly source: string;
  }[];
  readonly connects: readonly Connection[];
}

const AWS_FARGATE_PULL =
  "AWS: Amazon ECS task networking for Fargate (image pulls, secrets and awslogs go through the task's ENI)";

/** Every task pulls its image and writes its logs through its own network interface. */
const TASK_START: readonly Connection[] = [
  {
    to: { awsApi: "ecr.api" },
    port: 443,
    protocol: "https",
    why: "registry token",
    source: AWS_FARGATE_PULL,
  },
  {
    to: { awsApi: "ecr.dkr" },
    port: 443,
    protocol: "https",
    why: "image manifests",
    source: AWS_FARGATE_PULL,
  },
  {
    to: { awsApi: "s3" },
    port: 443,
    protocol: "https",
    why: "image layers (ECR keeps them in S3)",
    source: AWS_FARGATE_PULL,
  },
  {
    to: { awsApi: "logs" },
    port: 443,
    protocol: "https",
    why: "awslogs driver",
    source: AWS_FARGATE_PULL,
  },
];
/** A task with `secrets` fetches them at start. */
const SECRETS_AT_START: Connection = {
  to: { awsApi: "secretsmanager" },
  port: 443,
  protocol: "https",
  why: "the task definition's secrets, fetched at task start",
  source: AWS_FARGATE_PULL,
};
/** The init container syncs the config prefix into /gitana. */
const CONFIG_SYNC: Connection = {
  to: { awsApi: "s3" },
  port: 443,
  protocol: "https",
  why: "init container: aws s3 sync of the config prefix into /gitana",
  source: "sdk-ecs api.json and ui.json, container init",
};

const API_FILES: readonly Requirement[] = [
  "api/setup.sh",
  "api/classes/container.properties",
  "api/classes/gitana-container-context.xml",
  "api/classes/log4j2-container.xml",
].map((name) => ({ name, source: "sdk-k8s api.yaml, volume gitana-api-files" }));

/** Where the API server's properties name the values the task definition injects. */
export const API_PROPERTIES = "ours: assets/gitana/api/classes/container.properties";

/** The contract of a component as the service table holds it: all but its secrets. */
export type ContractRows = Omit<ComponentContract, "secrets">;

export function apiServerContract(jobDispatcher: "off" | "on"): ContractRows {
  const properties = API_PROPERTIES;
  return {
    environment: [
      { name: "JAVA_OPTS", source: "sdk-ecs api.json and sdk-k8s api.yaml, env JAVA_OPTS" },
      {
        name: "GITANA_JOBDISPATCHER_ENABLED",
        source: `sdk-k8s clustered-workers api.yaml (gitana.jobdispatcher.enabled ${jobDispatcher === "off" ? "false" : "true"}), via ${properties}`,
      },
      { name: "GITANA_API_PUBLIC_URL", source: `${properties}: apikeys.defaultBaseURL` },
    ],
    files: API_FILES,
    listens: [
      { port: 8080, protocol: "http", source: "sdk-ecs api.json portMappings; sdk-k8s api.yaml" },
      { port: 5800, protocol: "tcp", source: "sdk-k8s api.yaml containerPort 5800 (cluster.port)" },
    ],
    connects: [
      ...TASK_START,
      SECRETS_AT_START,
      CONFIG_SYNC,
      {
        to: "documentdb",
        port: 27017,
        protocol: "tls",
        why: "content store",
        source: `${properties}: mongodb.hosts, ssl.enabled`,
      },
      {
        to: "opensearch",
        port: 443,
        protocol: "https",
        why: "search index (SigV4)",
        source: `${properties}: elasticsearch.remote.*`,
      },
      {
        to: { awsApi: "sns" },
        port: 443,
        protocol: "https",
        why: "deployment notifications to the UI",
        source: `${properties}: deployer.uiserver.notifications.providerType=sns`,
      },
      {
        to: { awsApi: "s3" },
        port: 443,
        protocol: "https",
        why: "binary storage",
        source: `${properties}: binary.storage.provider=s3gridfs`,
      },
      {
        to: { awsApi: "ecs" },
        port: 443,
        protocol: "https",
        why: "cluster member discovery by tag",
        source: `${properties}: cluster.aws.enabled`,
      },
      {
        to: "api",
        port: 5800,
        protocol: "tcp",
        why: "Hazelcast cluster",
        source: "sdk-k8s clustered api.yaml, port 5800",
      },
      {
        to: "apiWorker",
        port: 5800,
        protocol: "tcp",
        why: "Hazelcast cluster",
        source: "sdk-k8s clustered-workers api-worker.yaml, port 5800",
      },
      {
        to: "av",
        port: 80,
        protocol: "http",
        why: "antivirus scans of uploads",
        source: "guide: internal names, http://av:80",
      },
      {
        to: "internet",
        port: 443,
        protocol: "https",
        why: "setup.sh downloads the RDS CA bundle",
        source: "guide: setup.sh; ours: assets/gitana/api/setup.sh",
      },
    ],
  };
}

export const UI_CONTRACT: ContractRows = {
  environment: [
    { name: "GITANA_API_URL", source: "sdk-ecs ui.json and sdk-k8s ui.yaml, env GITANA_API_URL" },
    {
      name: "CLOUDCMS_NOTIFICATIONS_ENABLED",
      source: "sdk-ecs ui.json; cloudcms-server notifications/notifications.js",
    },
    {
      name: "CLOUDCMS_NOTIFICATIONS_TYPE",
      source: "cloudcms-server notifications/notifications.js: no provider without a type",
    },
    {
      name: "CLOUDCMS_NOTIFICATIONS_SQS_QUEUE_URL",
      source: "sdk-ecs ui.json; cloudcms-server notifications/providers/sqs.js",
    },
    {
      name: "CLOUDCMS_NOTIFICATIONS_SQS_REGION",
      source: "sdk-ecs ui.json; cloudcms-server notifications/providers/sqs.js",
    },
    {
      name: "NODE_OPTIONS",
      source: "ours: assets/gitana/ui/sqs-https.js (keeps SQS on HTTPS, see there)",
    },
    ...[
      "CLOUDCMS_REDIS_URL",
      "CLOUDCMS_BROADCAST_TYPE",
      "CLOUDCMS_CACHE_TYPE",
      "CLOUDCMS_LOCKS_TYPE",
      "CLOUDCMS_AWARENESS_TYPE",
    ].map((name): Requirement => ({
      name,
      source:
        "cloudcms-server util/redis.js, server/index.js, broadcast/broadcast.js, middleware/cache/cache.js, locks/locks.js, middleware/awareness/awareness.js",
      when: "uiScalesOut",
    })),
  ],
  files: [{ name: "ui/sqs-https.js", source: "ours: the SQS HTTPS hook NODE_OPTIONS loads" }],
  listens: [
    { port: 80, protocol: "http", source: "sdk-ecs ui.json portMappings; sdk-k8s ui.yaml" },
  ],
  connects: [
    ...TASK_START,
    SECRETS_AT_START,
    CONFIG_SYNC,
    {
      to: "api",
      port: 8080,
      protocol: "http",
      why: "the API (http://api:80 through Service Connect)",
      source: "sdk-ecs ui.json GITANA_API_URL; guide: http://api:80",
    },
    {
      to: { awsApi: "sqs" },
      port: 443,
      protocol: "https",
      why: "polls deployment notifications; over HTTPS only with the hook, as aws-sdk sends to the QueueUrl's scheme",
      source:
        "cloudcms-server notifications/providers/sqs.js (rewrites https: to http:); aws-sdk lib/services/sqs.js buildEndpoint",
    },
    {
      to: "session-store",
      port: 6379,
      protocol: "tls",
      why: "shared sessions, caches, locks, broadcast",
      source: "cloudcms-server util/redis.js (rediss: URL)",
      when: "uiScalesOut",
    },
  ],
};

export const AV_CONTRACT: ContractRows = {
  environment: ["CLAMD_HOST", "CLAMD_PORT", "PORT"].map((name) => ({
    name,
    source: "sdk-ecs av.json; sdk-k8s av.yaml",
  })),
  files: [],
  listens: [{ port: 80, protocol: "http", source: "sdk-ecs av.json portMappings (PORT=80)" }],
  connects: [
    ...TASK_START,
    SECRETS_AT_START,
    {
      to: "clamav",
      port: 3310,
      protocol: "tcp",
      why: "clamd scans",
      source: "sdk-ecs av.json CLAMD_HOST/CLAMD_PORT=3310",
    },
  ],
};

export const CLAMAV_CONTRACT: ContractRows = {
  environment: [],
  files: [],
  listens: [{ port: 3310, protocol: "tcp", source: "sdk-ecs clamav.json portMappings 3310" }],
  connects: [
    ...TASK_START,
    {
      to: "internet",
      port: 443,
      protocol: "https",
      why: "freshclam downloads signatures from database.clamav.net",
      source: "ClamAV documentation: freshclam",
    },
  ],
};
