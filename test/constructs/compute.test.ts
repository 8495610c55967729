import { Testing, TerraformStack } from "cdktf";
import { awsEnv } from "../../constructs/core/aws-env";
import { ServiceSecurityGroup, openPath } from "../../constructs/core/security-group";
import { GitanaCompute, type GitanaComputeProps } from "../../constructs/ecs";
import { GitanaTaskRoles } from "../../constructs/iam";
import { loadEnvConfig } from "../../config/load";
import type { PlatformEnvConfig } from "../../config/schema";
import { computeSettings } from "../../constructs/gitana-platform/compute-props";
import { devInput } from "../helpers/configs";
import type { StackJson } from "../helpers/synth";
import { address, containerDefinitions, ref, resourceOf, resourcesOf } from "../helpers/synth";

/**
 * GitanaCompute on a bare stack: its props are plain values, so each behaviour is checked with
 * the least an env would give it (no network, data layer or config of an env).
 */

const aws = awsEnv("111122223333", "eu-west-1");
const image = (name: string) => ({ repository: `public.ecr.aws/test/${name}`, tag: "1.0.0" });
const fixed = { cpu: 256, memory: 512, desiredCount: 1 };

function compose(overrides: (stack: TerraformStack) => Partial<GitanaComputeProps> = () => ({})) {
  const stack = new TerraformStack(Testing.app(), "test");
  const store = (peerName: string, port: number) =>
    new ServiceSecurityGroup(stack, peerName, {
      peerName,
      name: `test-${peerName}`,
      description: peerName,
      vpcId: "vpc-1",
      port,
    });
  const compute = new GitanaCompute(stack, "compute", {
    aws,
    namePrefix: "test",
    network: {
      vpcId: "vpc-1",
      vpcCidr: "10.0.0.0/16",
      publicSubnetIds: ["subnet-public"],
      privateSubnetIds: ["subnet-private"],
    },
    roles: new GitanaTaskRoles(stack, "iam", { aws, namePrefix: "test" }),
    images: {
      apiServer: image("api-server"),
      uiServer: image("ui-server"),
      antivirusServer: image("antivirus-server"),
      clamav: image("clamav"),
      awsCli: image("aws-cli"),
    },
    services: { api: fixed, apiWorker: fixed, ui: fixed, av: fixed, clamav: fixed },
    configBucket: { bucketName: "config-bucket", prefix: "config/" },
    accessLogs: {
      bucketName: "log-bucket",
      prefix: "lb/",
      bucketPolicy: { fqn: "aws_s3_bucket_policy.logs" },
    },
    documentDb: store("documentdb", 27017),
    openSearch: store("opensearch", 443),
    notificationQueueUrl: "https://sqs.eu-west-1.amazonaws.com/111122223333/q",
    configHashes: { api: "api-hash", ui: "ui-hash" },
    clusterTag: { key: "gitana-cluster", value: "test" },
    secretArns: {
      rootProperties: "arn:root",
      propertiesPrivateKey: "arn:key",
      license: "arn:license",
      clusterGroupPassword: "arn:cluster",
      uiSessionSecret: "arn:session",
      antivirusCredentials: "arn:av",
      documentDbMaster: "arn:docdb",
    },
    logRetentionDays: 30,
    logsKmsKeyArn: "arn:logs-key",
    ...overrides(stack),
  });
  return { stack, compute, json: () => JSON.parse(Testing.synth(stack)) as StackJson };
}

const { json } = compose();
const bare = json();

/** The ingress and egress rules between two security groups, as `<port>` lists. */
function ports(stack: StackJson, direction: "ingress" | "egress", group: string, peer: string) {
  return resourcesOf(stack, `aws_vpc_security_group_${direction}_rule`)
    .map(([, rule]) => rule)
    .filter((r) => r.security_group_id === group && r.referenced_security_group_id === peer)
    .map((r) => r.from_port);
}
const group = (fragment: string) => ref(bare, "aws_security_group", fragment, "id");

describe("GitanaCompute on a bare stack", () => {
  test.each([
    ["api", "node-role"],
    ["api-worker", "node-role"],
    ["ui", "ui-role"],
    ["av", "antivirus-role"],
    ["clamav", "antivirus-role"],
  ])("runs %s as the table's task role (%s)", (service, role) => {
    expect(resourceOf(bare, "aws_ecs_task_definition", `compute_${service}_`)).toMatchObject({
      family: `test-${service}`,
      task_role_arn: ref(bare, "aws_iam_role", role, "arn"),
      execution_role_arn: ref(bare, "aws_iam_role", "execution-role", "arn"),
    });
  });

  test("opens each path the contract names on both ends, at the contract's port", () => {
    const api = group("compute_api_security-group");
    const worker = group("compute_api-worker_security-group");
    const docdb = group("documentdb_group");
    expect(ports(bare, "egress", worker, docdb)).toEqual([27017]);
    expect(ports(bare, "ingress", docdb, worker)).toEqual([27017]);
    expect(ports(bare, "egress", worker, api)).toEqual([5800]);
    expect(ports(bare, "ingress", api, worker)).toEqual([5800]);
    expect(ports(bare, "ingress", group("compute_av_"), worker)).toEqual([80]);
    expect(ports(bare, "ingress", group("compute_clamav_"), group("compute_av_"))).toEqual([3310]);
  });

  test("HTTPS to OpenSearch needs only the store's ingress: the tasks' 443 egress is open", () => {
    const api = group("compute_api_security-group");
    const search = group("opensearch_group");
    expect(ports(bare, "ingress", search, api)).toEqual([443]);
    expect(ports(bare, "egress", api, search)).toEqual([]);
  });

  test("each load balancer reaches its service's port, and the service admits it", () => {
    const lb = group("compute_api-lb_");
    const api = group("compute_api_security-group");
    expect(ports(bare, "egress", lb, api)).toEqual([8080]);
    expect(ports(bare, "ingress", api, lb)).toEqual([8080]);
  });

  test("av reads its credentials' JSON keys as USERNAME and PASSWORD", () => {
    const [av] = containerDefinitions(bare, "av");
    expect(av.secrets).toEqual([
      { name: "PASSWORD", valueFrom: "arn:av:password::" },
      { name: "USERNAME", valueFrom: "arn:av:username::" },
    ]);
  });

  test("the ui reads the Gitana image secrets and its session secret, nothing of DocumentDB", () => {
    const ui = containerDefinitions(bare, "ui").find((c) => c.name !== "init");
    expect((ui?.secrets as { name: string }[]).map((s) => s.name)).toEqual([
      "CLOUDCMS_SESSION_SECRET",
      "GITANA_LICENSE",
      "GITANA_PROPERTIES_PRIVATE_KEY",
      "GITANA_ROOT_PROPERTIES",
    ]);
  });

  test("creates callees first: av waits for clamav, api for av, ui for api", () => {
    const dependsOn = (service: string) =>
      resourceOf(bare, "aws_ecs_service", `compute_${service}_service`).depends_on as string[];
    expect(dependsOn("av")).toContain(address(bare, "aws_ecs_service", "compute_clamav_service"));
    expect(dependsOn("api")).toContain(address(bare, "aws_ecs_service", "compute_av_service"));
    expect(dependsOn("ui")).toContain(address(bare, "aws_ecs_service", "compute_api_service"));
  });

  test("refuses a ui that can run two tasks without a session store, naming the fix", () => {
    expect(() =>
      compose(() => ({
        services: {
          api: fixed,
          apiWorker: fixed,
          ui: { ...fixed, desiredCount: 2 },
          av: fixed,
          clamav: fixed,
        },
      })),
    ).toThrow(
      "test/compute: the ui can run 2 tasks; give it a sessionStore, or at most one task (its sessions, caches and locks live in process)",
    );
  });

  test("with a session store, opens the ui's path to it and names it in the ui's environment", () => {
    const { json: withStore } = compose((stack) => ({
      services: {
        api: fixed,
        apiWorker: fixed,
        ui: { cpu: 256, memory: 512, scaling: { minCount: 1, maxCount: 2, targetCpuPercent: 60 } },
        av: fixed,
        clamav: fixed,
      },
      sessionStore: {
        url: "rediss://store:6379",
        securityGroup: new ServiceSecurityGroup(stack, "session-store", {
          peerName: "session-store",
          name: "test-sessions",
          description: "sessions",
          vpcId: "vpc-1",
          port: 6379,
        }),
      },
    }));
    const stack = withStore();
    const ui = ref(stack, "aws_security_group", "compute_ui_security-group", "id");
    const store = ref(stack, "aws_security_group", "session-store_group", "id");
    expect(ports(stack, "egress", ui, store)).toEqual([6379]);
    expect(ports(stack, "ingress", store, ui)).toEqual([6379]);
  });

  test("each task and store admits exactly its load balancer and its callers, and nothing else", () => {
    const groups = Object.fromEntries(
      resourcesOf(bare, "aws_security_group").map(([name, group]) => [
        `\${aws_security_group.${name}.id}`,
        group.name as string,
      ]),
    );
    const paths = resourcesOf(bare, "aws_vpc_security_group_ingress_rule")
      .filter(([, rule]) => rule.referenced_security_group_id)
      .map(
        ([, rule]) =>
          `${groups[rule.referenced_security_group_id as string]} -> ${groups[rule.security_group_id as string]}:${rule.from_port}`,
      );
    expect(paths.sort()).toEqual(
      [
        "test-api-lb -> test-api:8080",
        "test-ui -> test-api:8080",
        "test-api -> test-api:5800",
        "test-api-worker -> test-api:5800",
        "test-api -> test-api-worker:5800",
        "test-api-worker -> test-api-worker:5800",
        "test-ui-lb -> test-ui:80",
        "test-api -> test-av:80",
        "test-api-worker -> test-av:80",
        "test-av -> test-clamav:3310",
        "test-api -> test-documentdb:27017",
        "test-api-worker -> test-documentdb:27017",
        "test-api -> test-opensearch:443",
        "test-api-worker -> test-opensearch:443",
      ].sort(),
    );
  });
});

describe("openPath", () => {
  test("refuses a port the answering service does not listen on, naming both", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const db = new ServiceSecurityGroup(stack, "db", {
      peerName: "documentdb",
      name: "db",
      description: "db",
      vpcId: "vpc-1",
      port: 27017,
    });
    const caller = { peerName: "api", securityGroupId: "sg-api", allowTo: () => undefined };
    expect(() => openPath(caller, db, 5432)).toThrow(
      "test/db: api asks for port 5432; this service listens on 27017 only",
    );
  });
});

describe("computeSettings (config to props)", () => {
  const settings = computeSettings((loadEnvConfig("dev", devInput()) as PlatformEnvConfig).compute);

  test("a scaled service becomes CPU scaling between its counts", () => {
    expect(settings.services.apiWorker).toEqual({
      cpu: 1024,
      memory: 4096,
      spot: false,
      scaling: { minCount: 1, maxCount: 1, targetCpuPercent: 60 },
    });
  });

  test("a fixed service keeps its task count", () => {
    expect(settings.services.av).toEqual({ cpu: 512, memory: 1024, spot: false, desiredCount: 1 });
  });
});
