import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAwsApiStub, STUB_ACCOUNT_ID } from "../tools/harness/aws-api-stub";
import { asContainerSeesIt } from "../tools/harness/rendered-config";
import {
  callsAwsAtPlan,
  findProviderMirror,
  MIRROR_ENV_VAR,
  offlineOverride,
  parsePlanSummary,
  terraformEnv,
} from "../tools/harness/terraform";

/** A call the way the AWS SDK makes it (JSON 1.0 protocol: the operation in X-Amz-Target). */
const callStub = (url: string, target: string) =>
  fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": target,
      connection: "close",
    },
    body: "{}",
  });

describe("offline terraform harness", () => {
  test("the override swaps in a local backend and makes every aws provider, aliased or not, offline", () => {
    expect(offlineOverride({ provider: { aws: [{}, { alias: "us_east_1" }] } })).toEqual({
      terraform: { backend: { local: {} } },
      provider: {
        aws: [
          {
            skip_credentials_validation: true,
            skip_requesting_account_id: true,
            skip_metadata_api_check: true,
            allowed_account_ids: null,
          },
          {
            alias: "us_east_1",
            skip_credentials_validation: true,
            skip_requesting_account_id: true,
            skip_metadata_api_check: true,
            allowed_account_ids: null,
          },
        ],
      },
    });
  });

  test("the override sends Step Functions calls to the local AWS API stub", () => {
    const override = offlineOverride({ provider: { aws: [{}] } }, "http://127.0.0.1:4599") as {
      provider: { aws: { endpoints?: unknown }[] };
    };
    expect(override.provider.aws[0].endpoints).toEqual({ sfn: "http://127.0.0.1:4599" });
  });

  test("only a state machine whose definition refers to no resource makes the provider call AWS at plan", () => {
    const machine = (definition: string) => ({
      resource: { aws_sfn_state_machine: { restart: { definition } } },
    });
    expect(callsAwsAtPlan(machine('{"Cluster":"${aws_ecs_cluster.cluster.arn}"}'))).toBe(false);
    expect(callsAwsAtPlan(machine('{"Cluster":"arn:aws:ecs:eu-west-1:1:cluster/c"}'))).toBe(true);
    expect(callsAwsAtPlan({})).toBe(false);
  });

  test("the AWS API stub validates any state machine definition, as offline plans need", async () => {
    const stub = await startAwsApiStub();
    const response = await callStub(stub.url, "AWSStepFunctions.ValidateStateMachineDefinition");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ result: "OK", diagnostics: [] });
    await stub.close();
  });

  test("the AWS API stub answers STS GetCallerIdentity (query protocol) as its account", async () => {
    const stub = await startAwsApiStub();
    const response = await fetch(stub.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", connection: "close" },
      body: "Action=GetCallerIdentity&Version=2011-06-15",
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`<Account>${STUB_ACCOUNT_ID}</Account>`);
    await stub.close();
  });

  test("the AWS API stub refuses any other call, naming it", async () => {
    const stub = await startAwsApiStub();
    const response = await callStub(stub.url, "AWSStepFunctions.StartExecution");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      __type: "OfflineStub#UnsupportedOperation",
      message: "the offline plan has no answer for AWSStepFunctions.StartExecution",
    });
    await stub.close();
  });

  test("an offline run never sees the user's AWS profile or session", () => {
    const saved = { ...process.env };
    process.env.AWS_PROFILE = "prod-admin";
    process.env.AWS_SESSION_TOKEN = "session";
    try {
      const env = terraformEnv("/tmp/cli.rc", true);
      expect(env.AWS_PROFILE).toBeUndefined();
      expect(env.AWS_SESSION_TOKEN).toBeUndefined();
      expect(env).toMatchObject({
        TF_CLI_CONFIG_FILE: "/tmp/cli.rc",
        CHECKPOINT_DISABLE: "1",
        AWS_EC2_METADATA_DISABLED: "true",
      });
    } finally {
      process.env = saved;
    }
  });

  test(`a ${MIRROR_ENV_VAR} without the aws provider is an error, not a silent registry download`, () => {
    const empty = mkdtempSync(join(tmpdir(), "mirror-"));
    expect(() => findProviderMirror({ [MIRROR_ENV_VAR]: empty })).toThrow(
      `${MIRROR_ENV_VAR}=${empty} does not contain registry.terraform.io/hashicorp/aws/<version>/<os_arch>/`,
    );
  });

  test("reads the plan summary line", () => {
    expect(parsePlanSummary("...\nPlan: 39 to add, 1 to change, 2 to destroy.\n")).toEqual({
      add: 39,
      change: 1,
      destroy: 2,
    });
    expect(parsePlanSummary("No changes.")).toBeUndefined();
  });
});

describe("render-config", () => {
  test("shows escaped placeholders as the container sees them and Terraform references as such", () => {
    expect(
      asContainerSeesIt("a=$${DB_PASSWORD}\nb=${aws_docdb_cluster.x.endpoint}:27017\nc=%%{x}"),
    ).toBe("a=${DB_PASSWORD}\nb=[[terraform: aws_docdb_cluster.x.endpoint]]:27017\nc=%{x}");
  });
});
