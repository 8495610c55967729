import type { GitanaSecretName } from "../secrets";
import { GITANA_MOUNT_PATH, type ContainerSpec } from "./container-definitions";

/**
 * The containers of the Gitana services, as data: what the vendor's ECS and Kubernetes examples
 * (gitana/sdk containers/32) ask of each image; docs/runtime-contract.md lists it with sources.
 */

/** A container image: repository and pinned tag or `sha256:` digest. */
export interface ContainerImage {
  /** e.g. `111122223333.dkr.ecr.eu-west-1.amazonaws.com/cloudcms/api-server`; no tag here. */
  readonly repository: string;
  /** A version tag, or a `sha256:` digest. */
  readonly tag: string;
  /**
   * For a private registry outside ECR: the Secrets Manager secret (`{"username","password"}`)
   * ECS pulls the image with. @default - none: ECR or a public registry
   */
  readonly repositoryCredentialsSecretArn?: string;
}

/** The images the services run: the four Gitana components and the AWS CLI of the config sync. */
export type ImageName = "apiServer" | "uiServer" | "antivirusServer" | "clamav" | "awsCli";

type Image = ContainerImage;

/** A secret a container reads: a Gitana secret, or the DocumentDB master user secret. */
export type SecretSource = GitanaSecretName | "documentDbMaster";

/** One env var a container gets from Secrets Manager, and where the need for it is written. */
export interface SecretVariable {
  readonly from: SecretSource;
  /** One key of a JSON secret. @default - the whole secret */
  readonly jsonKey?: string;
  /** Why the container needs it: the vendor file or ours (listed in docs/runtime-contract.md). */
  readonly source: string;
}

/**
 * What every vendor example gives the API and the UI alike (gitana/sdk
 * containers/32/kubernetes/*\/ui.yaml `envFrom: gitana-env`, containers/32/ecs/simple/ui.json
 * syncing all of config/): root.properties, the key that decrypts it, and the licence. The API
 * server image reads them itself; everything else the API containers receive is referenced from
 * the rendered container.properties.
 */
export const GITANA_IMAGE_SECRETS = Object.fromEntries(
  (
    [
      ["GITANA_ROOT_PROPERTIES", "rootProperties"],
      ["GITANA_PROPERTIES_PRIVATE_KEY", "propertiesPrivateKey"],
      ["GITANA_LICENSE", "license"],
    ] as const
  ).map(([envVar, from]) => [
    envVar,
    { from, source: "sdk-k8s api.yaml and ui.yaml, envFrom secret gitana-env" },
  ]),
) as Readonly<Record<string, SecretVariable>>;

export function imageRef(image: Image): string {
  return image.tag.startsWith("sha256:")
    ? `${image.repository}@${image.tag}`
    : `${image.repository}:${image.tag}`;
}

/** The image of a container and, for a private registry outside ECR, the credentials to pull it. */
function imageOf(image: Image): Pick<ContainerSpec, "image" | "repositoryCredentials"> {
  return { image: imageRef(image), repositoryCredentials: image.repositoryCredentialsSecretArn };
}

export const API_PORT = 8080;
export const API_CLUSTER_PORT = 5800;
export const UI_PORT = 80;
/** The config file (under the config prefix, so under /gitana in the task) the UI server preloads. */
export const UI_SQS_HTTPS_HOOK = "ui/sqs-https.js";
export const AV_PORT = 80;
export const CLAMAV_PORT = 3310;
/** The port clients use through Service Connect: `http://api:80`, `http://ui:80`, `http://av:80`. */
export const SERVICE_CONNECT_HTTP_PORT = 80;

/** The init container: copies the config bucket's config/ prefix into the task's /gitana volume. */
export function configSyncContainer(
  image: Image,
  configBucketName: string,
  prefix: string,
): ContainerSpec {
  return {
    name: "init",
    ...imageOf(image),
    // The aws-cli image's entrypoint is `aws`. --delete keeps /gitana an exact copy.
    command: [
      "s3",
      "sync",
      "--delete",
      "--only-show-errors",
      `s3://${configBucketName}/${prefix}`,
      "/gitana",
    ],
    mountsGitanaVolume: true,
  };
}

/**
 * JAVA_OPTS of every vendor API example (gitana/sdk containers/32/ecs/simple/api.json and
 * containers/32/kubernetes/*\/api.yaml): container-aware heap, IPv4 (Hazelcast and the AWS SDK
 * misbehave on dual-stack lookups), short DNS caching (DocumentDB and OpenSearch fail over by
 * DNS), and the module opens/exports netty and Hazelcast need on Java 17+. The heap share is the
 * Kubernetes examples' 85 %, and an OutOfMemoryError ends the task so ECS replaces it.
 */
export const API_JAVA_OPTS = [
  "-XX:+UseContainerSupport",
  "-XX:MaxRAMPercentage=85.0",
  "-server",
  "-Dsun.net.inetaddr.ttl=60",
  "-Djava.net.preferIPv4Stack=true",
  "-XX:+ExitOnOutOfMemoryError",
  "-XX:-OmitStackTraceInFastThrow",
  "-Dio.netty.tryReflectionSetAccessible=true",
  "--add-modules=ALL-SYSTEM",
  "--add-modules java.se",
  "--add-exports java.base/jdk.internal.ref=ALL-UNNAMED",
  ...[
    "java.base/java.lang",
    "java.base/java.lang.ref",
    "java.base/java.nio",
    "java.base/sun.nio.ch",
    "java.management/sun.management",
    "jdk.management/com.sun.management.internal",
    "java.base/java.io",
    "java.base/jdk.internal.misc",
  ].map((pkg) => `--add-opens ${pkg}=ALL-UNNAMED`),
].join(" ");

export interface ApiServerContainerProps {
  readonly image: Image;
  /** The web tier turns the job dispatcher off; the worker tier runs the jobs. */
  readonly jobDispatcher: boolean;
  /** The URL clients reach the API at, for the links API keys carry (apikeys.defaultBaseURL). */
  readonly apiUrl: string;
}

export function apiServerContainer(props: ApiServerContainerProps): ContainerSpec {
  return {
    name: "cloudcms-api-server",
    ...imageOf(props.image),
    ports: [
      { name: "http", containerPort: API_PORT, appProtocol: "http" },
      { name: "cluster", containerPort: API_CLUSTER_PORT },
    ],
    environment: {
      JAVA_OPTS: API_JAVA_OPTS,
      GITANA_JOBDISPATCHER_ENABLED: String(props.jobDispatcher),
      GITANA_API_PUBLIC_URL: props.apiUrl,
    },
    healthCheck: {
      command: `curl -fsS http://localhost:${API_PORT}/ping || exit 1`,
      startPeriod: 300,
    },
    writableRootFilesystemReason:
      "The JVM writes its temp files and setup.sh the CA bundle into the image's trust store.",
    // Time to leave the Hazelcast cluster cleanly (ECS allows at most 120 s).
    stopTimeout: 120,
    mountsGitanaVolume: true,
  };
}

export interface UiServerContainerProps {
  readonly image: Image;
  readonly notificationQueueUrl: string;
  readonly region: string;
  /** `rediss://host:port` of the shared session store. @default - none: state stays in process */
  readonly sessionStoreUrl?: string;
}

/** The cloudcms-server subsystems that leave process memory for Redis when told to. */
const UI_SHARED_STATE = ["BROADCAST", "CACHE", "LOCKS", "AWARENESS"] as const;

/**
 * Env vars that move the UI server's shared state into the store. CLOUDCMS_REDIS_URL alone turns
 * on Redis sessions only (server/index.js); each other subsystem reads its own
 * CLOUDCMS_<KIND>_TYPE (broadcast/broadcast.js, middleware/cache/cache.js, locks/locks.js,
 * middleware/awareness/awareness.js in cloudcms-server 3.2.353). CLOUDCMS_LAUNCHPAD_SETUP=redis
 * would set them too, but it also forks a Node cluster per task, which Fargate sizing does not
 * expect.
 */
function sharedStateEnv(url: string | undefined): Record<string, string> {
  if (!url) return {};
  return Object.fromEntries([
    ["CLOUDCMS_REDIS_URL", url],
    ...UI_SHARED_STATE.map((kind) => [`CLOUDCMS_${kind}_TYPE`, "redis"]),
  ]);
}

export function uiServerContainer(props: UiServerContainerProps): ContainerSpec {
  return {
    name: "cloudcms-ui-server",
    ...imageOf(props.image),
    ports: [{ name: "http", containerPort: UI_PORT, appProtocol: "http" }],
    environment: {
      GITANA_API_URL: `http://api:${SERVICE_CONNECT_HTTP_PORT}`,
      CLOUDCMS_NOTIFICATIONS_ENABLED: "true",
      // notifications/notifications.js starts no provider without a type ("Notification.type is
      // not configured").
      CLOUDCMS_NOTIFICATIONS_TYPE: "sqs",
      CLOUDCMS_NOTIFICATIONS_SQS_QUEUE_URL: props.notificationQueueUrl,
      CLOUDCMS_NOTIFICATIONS_SQS_REGION: props.region,
      // No CLOUDCMS_NOTIFICATIONS_SQS_ACCESS_KEY/SECRET_KEY: the task role is used.
      ...sharedStateEnv(props.sessionStoreUrl),
      // Keeps SQS polling on HTTPS: see assets/gitana/ui/sqs-https.js for why.
      NODE_OPTIONS: `--require ${GITANA_MOUNT_PATH}/${UI_SQS_HTTPS_HOOK}`,
    },
    healthCheck: { command: `curl -fsS http://localhost:${UI_PORT}/ || exit 1`, startPeriod: 120 },
    writableRootFilesystemReason: "The Node.js UI server writes its caches inside the image.",
    mountsGitanaVolume: true,
  };
}

export function antivirusServerContainer(image: Image): ContainerSpec {
  return {
    name: "cloudcms-antivirus-server",
    ...imageOf(image),
    ports: [{ name: "http", containerPort: AV_PORT, appProtocol: "http" }],
    environment: { CLAMD_HOST: "clamav", CLAMD_PORT: String(CLAMAV_PORT), PORT: String(AV_PORT) },
    healthCheck: { command: `curl -fsS http://localhost:${AV_PORT}/ || exit 1`, startPeriod: 120 },
    writableRootFilesystemReason: "Scanned uploads are staged on local disk.",
  };
}

export function clamavContainer(image: Image): ContainerSpec {
  return {
    name: "clamav",
    ...imageOf(image),
    ports: [{ name: "clamd", containerPort: CLAMAV_PORT }],
    // clamdcheck.sh ships in the official image: it asks clamd to PING and expects PONG.
    // freshclam downloads the signature database before clamd answers: give it five minutes.
    healthCheck: { command: "clamdcheck.sh", startPeriod: 300 },
    writableRootFilesystemReason: "freshclam keeps the signature database under /var/lib/clamav.",
  };
}

/** Env var carrying the hash of the config files a container reads. */
export const CONFIG_HASH_ENV = "GITANA_CONFIG_SHA256";

/**
 * Adds the hash of the container's config files to its environment: a changed file is a changed
 * task definition, so `cdktf deploy` rolls the service; unchanged files change nothing.
 */
export function withConfigHash(spec: ContainerSpec, hash: string): ContainerSpec {
  return { ...spec, environment: { ...spec.environment, [CONFIG_HASH_ENV]: hash } };
}

/** Env vars the API server image reads itself (the Kubernetes example's contract). */
export const API_SERVER_IMAGE_ENV = Object.keys(GITANA_IMAGE_SECRETS);
