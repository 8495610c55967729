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

describe("restart on secret change", () => {
  const docdbSecret = () => ref(prod, "aws_docdb_cluster", "", "master_user_secret[0].secret_arn");
  const pattern = (service: string) =>
    JSON.parse(rule(service).event_pattern as string) as Record<string, unknown>;

  test.each(["api", "api-worker"])(
    "%s restarts when AWS rotates the DocumentDB master secret (every 7 days)",
    (service) => {
      expect(secretsRead(service)).toContain(docdbSecret());
      expect(pattern(service)).toEqual({
        source: ["aws.secretsmanager"],
        "detail-type": ["Secret Label Updated"],
        resources: [docdbSecret()],
        detail: { labelUpdated: ["AWSCURRENT"] },
      });
    },
  );

  test("av restarts when its credentials change, the only secret it reads", () => {
    const credentials = ref(prod, "aws_secretsmanager_secret", "antivirus-credentials", "arn");
    expect(secretsRead("av")).toEqual([credentials]);
    expect(pattern("av").resources).toEqual([credentials]);
  });

  test("the API servers do not restart on the secrets an operator puts: those need a coordinated restart", () => {
    const operatorPut = [
      "root-properties",
      "properties-private-key",
      "license",
      "cluster-group-password",
    ].map((name) => ref(prod, "aws_secretsmanager_secret", `secrets_${name}_`, "arn"));
    for (const service of ["api", "api-worker"]) {
      expect(secretsRead(service)).toEqual(expect.arrayContaining(operatorPut));
      expect(pattern(service).resources).toEqual([docdbSecret()]);
    }
  });

  test("ui and clamav read no secrets, so nothing restarts them", () => {
    expect(secretsRead("ui")).toEqual([]);
    expect(secretsRead("clamav")).toEqual([]);
    const rules = resourcesOf(prod, "aws_cloudwatch_event_rule").map(([name]) => name);
    expect(rules.filter((name) => name.includes(PART))).toHaveLength(3);
  });

  test("each rule starts the state machine with its service's name as the only input", () => {
    for (const service of ["api", "api-worker", "av"]) {
      expect(target(service)).toMatchObject({
        rule: ref(prod, "aws_cloudwatch_event_rule", `${PART}_${service}-rule`, "name"),
        arn: ref(prod, "aws_sfn_state_machine", PART, "arn"),
        role_arn: ref(prod, "aws_iam_role", `${PART}_events-role`, "arn"),
        input: JSON.stringify({ service }),
      });
    }
  });

  test("the state machine forces a new deployment of that service in this cluster, with retries", () => {
    const definition = JSON.parse(stateMachine().definition as string);
    expect(definition.StartAt).toBe("ForceNewDeployment");
    expect(definition.States.ForceNewDeployment).toMatchObject({
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

  test("the state machine may update only the three services it restarts", () => {
    expect(rolePolicies(prod, `${PART}_state-machine-role`)["restart-secret-readers"]).toEqual([
      {
        sid: "ForceNewDeployment",
        actions: ["ecs:UpdateService"],
        resources: ["api", "api-worker", "av"].map((s) =>
          ref(prod, "aws_ecs_service", `compute_${s}_service`, "id"),
        ),
      },
      expect.objectContaining({ sid: "DeliverExecutionLogs", resources: ["*"] }),
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
