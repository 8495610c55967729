import type { ContainerRoleKind } from "../iam";
import type { ConfigConsumer } from "../gitana-config";
import type { ContainerSpec } from "./container-definitions";
import type { ServiceConnectService } from "./fargate-service";
import {
  antivirusServerContainer,
  API_PORT,
  apiServerContainer,
  clamavContainer,
  CLAMAV_PORT,
  GITANA_IMAGE_SECRETS,
  SERVICE_CONNECT_HTTP_PORT,
  UI_PORT,
  uiServerContainer,
  type ContainerImage,
  type ImageName,
  type SecretSource,
  type SecretVariable,
} from "./gitana-containers";
import {
  API_PROPERTIES,
  apiServerContract,
  AV_CONTRACT,
  CLAMAV_CONTRACT,
  UI_CONTRACT,
  type ComponentContract,
  type ConnectionTarget,
  type ContractRows,
} from "./runtime-contract";

/**
 * Gitana's five services as one table: what each runs, as whom, with which secrets, where it is
 * reached, whom it calls (its runtime contract's `connects`), and what must run before it.
 * GitanaCompute loops over it; docs/runtime-contract.md is rendered from it. Add a service here.
 */

/** The services, in the spelling code uses; resource names use `serviceResourceName`. */
export type ServiceName = "api" | "apiWorker" | "ui" | "av" | "clamav";

/** What a service's container is built from, besides the table. */
export interface ServiceInputs {
  readonly images: Readonly<Record<ImageName, ContainerImage>>;
  readonly region: string;
  /** The URL users reach each public service at. */
  readonly urls: Readonly<Record<"api" | "ui", string>>;
  readonly notificationQueueUrl: string;
  /** `rediss://` URL of the ui's shared session store. @default - none */
  readonly sessionStoreUrl?: string;
  /** Where clamav's freshclam may fetch signatures over HTTPS (envs with interface endpoints). */
  readonly clamavSignatureMirrorCidrs: readonly string[];
}

export interface GitanaServiceSpec {
  /** The task role it runs as (iam TASK_ROLES). */
  readonly role: ContainerRoleKind;
  /** Its main container, without secrets (from `secrets`) and config hash (from `configFiles`). */
  readonly container: (inputs: ServiceInputs) => ContainerSpec;
  /** Env var -> the secret it holds, injected by the task definition. */
  readonly secrets: Readonly<Record<string, SecretVariable>>;
  /**
   * The config files (gitana-config) an init container syncs into /gitana; a change of them rolls
   * the service. @default - no init container
   */
  readonly configFiles?: ConfigConsumer;
  /** Its Service Connect endpoint. @default - a client only */
  readonly serviceConnect?: ServiceConnectService;
  /** Served by a load balancer of its own on `port`. @default - none */
  readonly loadBalancer?: {
    readonly port: number;
    readonly healthCheckPath: string;
    /** @default 120 */
    readonly healthCheckGracePeriodSeconds?: number;
  };
  /** A member of the API servers' cluster: carries the discovery tag. @default false */
  readonly clusterMember?: boolean;
  /**
   * It parses untrusted uploads: where the VPC has private paths to the AWS APIs, its HTTPS goes
   * only to those and to the CIDRs returned. @default - HTTPS anywhere
   */
  readonly untrustedContent?: { readonly httpsCidrs: (inputs: ServiceInputs) => readonly string[] };
  /** Services whose Service Connect endpoints it calls: created and started before it. */
  readonly startAfter: readonly ServiceName[];
  /** What the vendor's sources say it needs; its `connects` to services and stores open the paths. */
  readonly contract: ContractRows;
}

const httpEndpoint = (dnsName: string): ServiceConnectService => ({
  portName: "http",
  dnsName,
  port: SERVICE_CONNECT_HTTP_PORT,
  http: true,
});

/** What the API web tier and the worker tier read alike. */
const API_SERVER_SECRETS: Readonly<Record<string, SecretVariable>> = {
  DOCUMENTDB_USERNAME: {
    from: "documentDbMaster",
    jsonKey: "username",
    source: `${API_PROPERTIES}: mongodb.default.authentication.username`,
  },
  DOCUMENTDB_PASSWORD: {
    from: "documentDbMaster",
    jsonKey: "password",
    source: `${API_PROPERTIES}: mongodb.default.authentication.password`,
  },
  ...GITANA_IMAGE_SECRETS,
  GITANA_CLUSTER_GROUP_PASSWORD: {
    from: "clusterGroupPassword",
    source: `${API_PROPERTIES}: cluster.group.password`,
  },
};

const apiServer = (jobDispatcher: boolean) => (inputs: ServiceInputs) =>
  apiServerContainer({ image: inputs.images.apiServer, jobDispatcher, apiUrl: inputs.urls.api });

/**
 * The table. Its order is the document's; services are created callee first (`startAfter`):
 * Service Connect resolves only the endpoints that existed when a task started, so a caller
 * started before its callee could not reach it until it restarts.
 */
export const GITANA_SERVICES = {
  api: {
    role: "node",
    container: apiServer(false),
    secrets: API_SERVER_SECRETS,
    configFiles: "api",
    serviceConnect: httpEndpoint("api"),
    // A JVM with a cold cache takes minutes before /ping answers.
    loadBalancer: { port: API_PORT, healthCheckPath: "/ping", healthCheckGracePeriodSeconds: 300 },
    clusterMember: true,
    startAfter: ["av"],
    contract: apiServerContract("off"),
  },
  apiWorker: {
    role: "node",
    container: apiServer(true),
    secrets: API_SERVER_SECRETS,
    configFiles: "api",
    clusterMember: true,
    startAfter: ["av"],
    contract: apiServerContract("on"),
  },
  ui: {
    role: "ui",
    container: (inputs) =>
      uiServerContainer({
        image: inputs.images.uiServer,
        notificationQueueUrl: inputs.notificationQueueUrl,
        region: inputs.region,
        sessionStoreUrl: inputs.sessionStoreUrl,
      }),
    secrets: {
      ...GITANA_IMAGE_SECRETS,
      // cloudcms-server signs session cookies with it and falls back to the literal "secret"
      // (server/index.js, initSession): a forgeable cookie once sessions live in the shared store.
      CLOUDCMS_SESSION_SECRET: {
        from: "uiSessionSecret",
        source: 'cloudcms-server server/index.js initSession (falls back to the literal "secret")',
      },
    },
    configFiles: "ui",
    serviceConnect: httpEndpoint("ui"),
    loadBalancer: { port: UI_PORT, healthCheckPath: "/" },
    startAfter: ["api"],
    contract: UI_CONTRACT,
  },
  av: {
    role: "antivirus",
    container: (inputs) => antivirusServerContainer(inputs.images.antivirusServer),
    secrets: Object.fromEntries(
      (["username", "password"] as const).map((jsonKey) => [
        jsonKey.toUpperCase(),
        {
          from: "antivirusCredentials",
          jsonKey,
          source: "sdk-ecs av.json (as plain values there; secrets here)",
        },
      ]),
    ),
    serviceConnect: httpEndpoint("av"),
    untrustedContent: { httpsCidrs: () => [] },
    startAfter: ["clamav"],
    contract: AV_CONTRACT,
  },
  clamav: {
    role: "antivirus",
    container: (inputs) => clamavContainer(inputs.images.clamav),
    secrets: {},
    serviceConnect: { portName: "clamd", dnsName: "clamav", port: CLAMAV_PORT, http: false },
    untrustedContent: { httpsCidrs: (inputs) => inputs.clamavSignatureMirrorCidrs },
    startAfter: [],
    contract: CLAMAV_CONTRACT,
  },
} as const satisfies Readonly<Record<ServiceName, GitanaServiceSpec>>;

export const SERVICE_NAMES = Object.keys(GITANA_SERVICES) as ServiceName[];

/** The services users reach through a load balancer (those with `loadBalancer` in the table). */
export type PublicService = {
  [N in ServiceName]: (typeof GITANA_SERVICES)[N] extends { loadBalancer: object } ? N : never;
}[ServiceName];
/**
 * The services that face users through a load balancer. av has none: only api and api-worker
 * call it, through Service Connect (http://av:80), and a load balancer would let anything in
 * the VPC reach a server that parses untrusted uploads.
 */
export const PUBLIC_SERVICES = SERVICE_NAMES.filter(
  (name): name is PublicService => "loadBalancer" in GITANA_SERVICES[name],
);

/** The name resources carry: `api-worker` for `apiWorker`. */
export function serviceResourceName(name: ServiceName): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** A connection's target as the contract check and docs/runtime-contract.md name it. */
export function targetName(target: ConnectionTarget): string {
  if (typeof target !== "string") return `${target.awsApi} API`;
  return target in GITANA_SERVICES ? serviceResourceName(target as ServiceName) : target;
}

/** The services in creation order: each after every service it starts after, else table order. */
export function creationOrder(): ServiceName[] {
  const order: ServiceName[] = [];
  while (order.length < SERVICE_NAMES.length) {
    const next = SERVICE_NAMES.find(
      (name) =>
        !order.includes(name) &&
        GITANA_SERVICES[name].startAfter.every((callee) => order.includes(callee)),
    );
    if (!next) throw new Error("GITANA_SERVICES: startAfter forms a cycle");
    order.push(next);
  }
  return order;
}

/**
 * Secrets whose new value a rolling restart of their readers can take: the DocumentDB password
 * AWS rotates every 7 days, and the av credentials. The Gitana secrets an operator puts start a
 * reader only while none of its tasks runs (RestartOnSecretChange): running API servers are
 * never rolled onto new cluster secrets (docs/operations.md, "Secrets").
 */
export const ROLLING_RESTART_SECRETS: readonly SecretSource[] = [
  "documentDbMaster",
  "antivirusCredentials",
];

/** The secrets a service reads, each once, in the order its table lists them. */
export function secretSourcesOf(name: ServiceName): SecretSource[] {
  const secrets: Readonly<Record<string, SecretVariable>> = GITANA_SERVICES[name].secrets;
  return [...new Set(Object.values(secrets).map((s) => s.from))];
}

/** A service's runtime contract: the table's rows, and its secrets from `secrets`. */
export function runtimeContract(name: ServiceName): ComponentContract {
  const { contract, secrets } = GITANA_SERVICES[name];
  return {
    ...contract,
    secrets: Object.entries(secrets as Readonly<Record<string, SecretVariable>>).map(
      ([envVar, secret]) => ({ name: envVar, source: secret.source }),
    ),
  };
}
