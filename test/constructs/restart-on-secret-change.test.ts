import { Testing, TerraformStack } from "cdktf";
import { awsEnv } from "../../constructs/core/aws-env";
import { RestartOnSecretChange } from "../../constructs/ecs/restart-on-secret-change";
import { prodInput } from "../helpers/configs";
import {
  containerDefinitions,
  ref,
  resourceOf,
  resourcesOf,
  rolePolicies,
  policyStatements,
  synthEnv,
} from "../helpers/synth";

const prod = synthEnv("prod", prodInput());
const PART = "restart-on-secret-change";
const READERS = ["api", "api-worker", "ui", "av"];

/** The secrets (ARNs without a JSON key) the containers of a service's task read at start. */
function secretsRead(service: string): string[] {
  const containers = containerDefinitions(prod, service) as { secrets?: { valueFrom: string }[] }[];
  const arns = containers.flatMap((c) => (c.secrets ?? []).map((s) => s.valueFrom));
  // `<secret arn>:<json key>::` reads one key of a JSON secret: the secret is the part before.
  return [...new Set(arns.map((arn) => arn.replace(/:[^:]*::$/, "")))].sort();
}
const rule = (service: string) =>
  resourceOf(prod, "aws_cloudwatch_event_rule", `${PART}_${service}-rule`);
const target = (service: string) =>
  resourceOf(prod, "aws_cloudwatch_event_target", `${PART}_${service}-target`);
const stateMachine = () => resourceOf(prod, "aws_sfn_state_machine", PART);
const watched = (service: string) =>
  [...(JSON.parse(rule(service).event_pattern as string).resources as string[])].sort();

const docdbSecret = ref(prod, "aws_docdb_cluster", "", "master_user_secret[0].secret_arn");
const gitanaSecret = (suffix: string) =>
  ref(prod, "aws_secretsmanager_secret", `secrets_${suffix}_`, "arn");
const avCredentials = gitanaSecret("antivirus-credentials");
const [rootProperties, privateKey, license, clusterPassword, uiSessionSecret] = [
  "root-properties",
  "properties-private-key",
  "license",
  "cluster-group-password",
  "ui-session-secret",
].map(gitanaSecret);

describe("restart on secret change: which secrets start which service", () => {
  test("each reader's rule matches AWSCURRENT attached to a new version of a secret it reads", () => {
    expect(JSON.parse(rule("api").event_pattern as string)).toEqual({
      source: ["aws.secretsmanager"],
      "detail-type": ["Secret Label Updated"],
      resources: [docdbSecret, rootProperties, privateKey, license, clusterPassword],
      detail: { labelUpdated: ["AWSCURRENT"] },
    });
  });

  test("api and api-worker are started by the DocumentDB master secret and the four operator-put secrets", () => {
    const expected = [docdbSecret, rootProperties, privateKey, license, clusterPassword].sort();
    expect(watched("api")).toEqual(expected);
    expect(watched("api-worker")).toEqual(expected);
  });

  test("ui is started by root properties, their private key, the licence and its session secret, not the cluster password", () => {
    expect(watched("ui")).toEqual([rootProperties, privateKey, license, uiSessionSecret].sort());
  });

  test("av is started by its credentials, the only secret it reads", () => {
    expect(secretsRead("av")).toEqual([avCredentials]);
    expect(watched("av")).toEqual([avCredentials]);
  });

  test("every secret a service's tasks read is watched by its rule: no service waits on a put forever", () => {
    for (const service of READERS) {
      expect({
        service,
        unwatched: secretsRead(service).filter((s) => !watched(service).includes(s)),
      }).toEqual({ service, unwatched: [] });
    }
  });

  test("clamav reads no secret, so it has no rule", () => {
    expect(secretsRead("clamav")).toEqual([]);
    const rules = resourcesOf(prod, "aws_cloudwatch_event_rule").map(([, r]) => String(r.name));
    expect(rules.filter((name) => name.endsWith("-secret-change")).sort()).toEqual(
      READERS.map((s) => `gitana-prod-${s}-secret-change`).sort(),
    );
  });

  test("each rule starts the state machine with its service and the event's secret as the only input", () => {
    for (const service of READERS) {
      expect(target(service)).toMatchObject({
        rule: ref(prod, "aws_cloudwatch_event_rule", `${PART}_${service}-rule`, "name"),
        arn: ref(prod, "aws_sfn_state_machine", PART, "arn"),
        role_arn: ref(prod, "aws_iam_role", `${PART}_events-role`, "arn"),
        input_transformer: {
          input_paths: { secret: "$.resources[0]" },
          input_template: `{"service":"${service}","secret":"<secret>"}`,
        },
      });
    }
  });
});

/** The state machine's definition, as deployed. */
type State = Record<string, unknown> & { Type: string; Next?: string; Default?: string };
const definition = () =>
  JSON.parse(stateMachine().definition as string) as {
    StartAt: string;
    States: Record<string, State>;
  };

/**
 * Walks the definition for one input, the way Step Functions does for the states it uses
 * (Choice on StringEquals/NumericEquals, Task with ResultSelector/ResultPath, Succeed), with ECS
 * answering that the service runs `running` tasks. Returns the ECS calls made and the end state.
 */
function run(input: { service: string; secret: string }, running: number) {
  const { StartAt, States } = definition();
  const read = (data: unknown, path: string) =>
    path
      .replace(/^\$\.?/, "")
      .split(/\.|\[(\d+)\]/)
      .filter(Boolean)
      .reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], data);
  const calls: string[] = [];
  let data: Record<string, unknown> = { ...input };
  let name = StartAt;
  for (;;) {
    const state = States[name];
    if (state.Type === "Succeed") return { calls, end: name };
    if (state.Type === "Choice") {
      const hit = (state.Choices as Record<string, unknown>[]).find((choice) => {
        const op = ["StringEquals", "NumericEquals"].find((o) => o in choice);
        if (!op) throw new Error(`a choice this walk does not know: ${JSON.stringify(choice)}`);
        return read(data, choice.Variable as string) === choice[op];
      });
      name = (hit?.Next ?? state.Default) as string;
      continue;
    }
    const api = String(state.Resource).split(":").pop() as string;
    calls.push(api);
    const response = { describeServices: { Services: [{ RunningCount: running }] } }[api] ?? {};
    if (state.End) return { calls, end: name };
    const selected = Object.fromEntries(
      Object.entries(state.ResultSelector as Record<string, string>).map(([key, path]) => [
        key.replace(/\.\$$/, ""),
        read(response, path),
      ]),
    );
    data = { ...data, [String(state.ResultPath).replace(/^\$\./, "")]: selected };
    name = state.Next as string;
  }
}

describe("restart on secret change: what the state machine does", () => {
  test("a rotated DocumentDB password rolls a running api at once", () => {
    expect(run({ service: "api", secret: docdbSecret }, 3)).toEqual({
      calls: ["updateService"],
      end: "ForceNewDeployment",
    });
  });

  test("new av credentials roll a running av at once", () => {
    expect(run({ service: "av", secret: avCredentials }, 2)).toEqual({
      calls: ["updateService"],
      end: "ForceNewDeployment",
    });
  });

  test.each([
    ["root-properties", rootProperties],
    ["properties-private-key", privateKey],
    ["license", license],
    ["cluster-group-password", clusterPassword],
  ])("a new %s leaves running API servers alone", (_name, secret) => {
    for (const service of ["api", "api-worker"]) {
      expect(run({ service, secret }, 1)).toEqual({
        calls: ["describeServices"],
        end: "LeaveRunningTasks",
      });
    }
  });

  test("an operator-put secret starts a service that runs no task: the first deploy", () => {
    for (const service of ["api", "api-worker", "ui"]) {
      expect(run({ service, secret: license }, 0)).toEqual({
        calls: ["describeServices", "updateService"],
        end: "ForceNewDeployment",
      });
    }
  });

  test("only the DocumentDB master secret and the av credentials roll running tasks", () => {
    const { States } = definition();
    expect(definition().StartAt).toBe("RollingRestartSecret");
    expect(States.RollingRestartSecret).toEqual({
      Type: "Choice",
      Choices: [docdbSecret, avCredentials].map((secret) => ({
        Variable: "$.secret",
        StringEquals: secret,
        Next: "ForceNewDeployment",
      })),
      Default: "CountRunningTasks",
    });
  });

  test("any other secret counts the service's running tasks in this cluster and restarts only at zero", () => {
    const { States } = definition();
    expect(States.CountRunningTasks).toMatchObject({
      Type: "Task",
      Resource: "arn:aws:states:::aws-sdk:ecs:describeServices",
      Parameters: {
        Cluster: ref(prod, "aws_ecs_cluster", "", "arn"),
        "Services.$": "States.Array($.service)",
      },
      ResultSelector: { "running.$": "$.Services[0].RunningCount" },
      ResultPath: "$.tasks",
      Next: "NoTaskRuns",
    });
    expect(States.NoTaskRuns).toEqual({
      Type: "Choice",
      Choices: [{ Variable: "$.tasks.running", NumericEquals: 0, Next: "ForceNewDeployment" }],
      Default: "LeaveRunningTasks",
    });
    expect(States.LeaveRunningTasks.Type).toBe("Succeed");
  });

  test("the restart forces a new deployment of that service in this cluster, with retries", () => {
    expect(definition().States.ForceNewDeployment).toMatchObject({
      Type: "Task",
      Resource: "arn:aws:states:::aws-sdk:ecs:updateService",
      Parameters: {
        Cluster: ref(prod, "aws_ecs_cluster", "", "arn"),
        "Service.$": "$.service",
        ForceNewDeployment: true,
      },
      Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 10, MaxAttempts: 5, BackoffRate: 2 }],
      End: true,
    });
  });
});

describe("restart on secret change: who may do what", () => {
  test("the state machine may describe and update only the four services it acts on", () => {
    const services = READERS.map((s) => ref(prod, "aws_ecs_service", `compute_${s}_service`, "id"));
    expect(rolePolicies(prod, `${PART}_state-machine-role`)["restart-secret-readers"]).toEqual([
      { sid: "CountRunningTasks", actions: ["ecs:DescribeServices"], resources: services },
      { sid: "ForceNewDeployment", actions: ["ecs:UpdateService"], resources: services },
      expect.objectContaining({ sid: "DeliverExecutionLogs", resources: ["*"] }),
    ]);
  });

  test("only Step Functions, for this state machine in this account, may assume its role", () => {
    const role = resourceOf(prod, "aws_iam_role", `${PART}_state-machine-role`);
    expect(policyStatements(prod, role.assume_role_policy)).toEqual([
      expect.objectContaining({
        principals: [{ type: "Service", identifiers: ["states.amazonaws.com"] }],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] },
          {
            test: "ArnLike",
            variable: "aws:SourceArn",
            values: [
              "arn:aws:states:eu-west-1:111122223333:stateMachine:gitana-prod-restart-on-secret-change",
            ],
          },
        ],
      }),
    ]);
  });

  test("only EventBridge, from these rules in this account, may start it, and nothing else", () => {
    const role = resourceOf(prod, "aws_iam_role", `${PART}_events-role`);
    expect(policyStatements(prod, role.assume_role_policy)).toEqual([
      {
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] },
          {
            test: "ArnLike",
            variable: "aws:SourceArn",
            values: ["arn:aws:events:eu-west-1:111122223333:rule/gitana-prod-*-secret-change"],
          },
        ],
      },
    ]);
    expect(rolePolicies(prod, `${PART}_events-role`)).toEqual({
      "start-restart-state-machine": [
        {
          sid: "StartRestart",
          actions: ["states:StartExecution"],
          resources: [ref(prod, "aws_sfn_state_machine", PART, "arn")],
        },
      ],
    });
  });

  test("logs every execution to its own KMS-encrypted vended-logs group", () => {
    const logGroup = resourceOf(prod, "aws_cloudwatch_log_group", PART);
    expect(logGroup).toMatchObject({
      name: "/aws/vendedlogs/states/gitana-prod-restart-on-secret-change",
      kms_key_id: ref(prod, "aws_kms_key", "logs-key", "arn"),
    });
    expect(stateMachine().logging_configuration).toEqual({
      level: "ALL",
      include_execution_data: true,
      log_destination: `${ref(prod, "aws_cloudwatch_log_group", PART, "arn")}:*`,
    });
  });
});

describe("restart on secret change: bad readers", () => {
  const aws = awsEnv("111122223333", "eu-west-1");
  const service = (serviceName: string) => ({
    serviceName,
    service: { id: `arn:aws:ecs:eu-west-1:111122223333:service/gitana-dev/${serviceName}` },
  });
  const build = (readers: { service: ReturnType<typeof service>; secretArns: string[] }[]) =>
    new RestartOnSecretChange(new TerraformStack(Testing.app(), "test"), "restart", {
      aws,
      namePrefix: "gitana-dev",
      cluster: {
        clusterArn: "arn:aws:ecs:eu-west-1:111122223333:cluster/gitana-dev",
        clusterName: "gitana-dev",
        namespaceArn: "arn:aws:servicediscovery:eu-west-1:111122223333:namespace/ns-1",
        ready: [],
      },
      readers,
      logRetentionDays: 30,
      logsKmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/1",
    });
  const secret = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:gitana-dev/license-Ab12Cd";

  test("refuses a reader without secrets, whose rule could never fire", () => {
    expect(() => build([{ service: service("ui"), secretArns: [] }])).toThrow(
      "test/restart: readers[0] (ui) has no secretArns; give the secrets its tasks read, or leave the service out",
    );
  });

  test("refuses a service listed twice, whose second rule would clash with the first", () => {
    expect(() =>
      build([
        { service: service("api"), secretArns: [secret] },
        { service: service("api"), secretArns: [secret] },
      ]),
    ).toThrow(
      'test/restart: readers[1] repeats service "api"; list each service once, with all the secrets it reads',
    );
  });
});
