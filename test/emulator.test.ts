import { loadEnvironments } from "../config/environments";
import { emulatorCatalogue } from "../tools/harness/emulator/emulator";
import { errorLines, preventsDestroy } from "../tools/harness/emulator/rehearsal";
import { formatSummary } from "../tools/harness/emulator/rehearse-envs";
import { ENVS_DIR } from "../tools/paths";

describe("the deploy rehearsal's emulator", () => {
  const { patches, gaps } = emulatorCatalogue();

  test("every patch of moto says what AWS does and what moto did", () => {
    expect(patches.map((p) => p.id)).toEqual([
      "s3-logging-wildcard-principal",
      "s3-bucket-policy-conditions",
      "rds-docdb-engine",
      "docdb-standard-storage-type",
      "sqs-redrive-allow-policy",
      "sqs-set-attributes-partial",
      "sqs-redrive-policy-json",
      "application-autoscaling-tags",
      "stepfunctions-validate-definition",
      "stepfunctions-list-versions",
      "ec2-group-rule-description",
      "ecs-service-settings",
    ]);
    for (const patch of patches) {
      expect(patch.aws.length).toBeGreaterThan(40);
      expect(patch.moto.length).toBeGreaterThan(20);
    }
  });

  test("what the emulator cannot prove is listed, IAM and running containers first", () => {
    expect(gaps.map((g) => g.what).slice(0, 2)).toEqual([
      "IAM authorization",
      "containers running",
    ]);
  });

  test("the summary reports each check, the resources applied, the patches and the gaps", () => {
    const text = formatSummary(
      {
        envs: [
          {
            env: "dev",
            resourcesApplied: 236,
            checks: [
              {
                check: "held lock",
                verdict: "PASS",
                detail: "concurrent plan refused",
                seconds: 12.3,
              },
            ],
          },
        ],
        patches,
        gaps,
      },
      901,
    );
    expect(text).toMatch(/^dev +held lock +PASS +12\.3 s +concurrent plan refused$/m);
    expect(text).toContain("dev: 236 resources applied");
    expect(text).toContain(`Emulator patches (${patches.length}; AWS does / moto 5.2.1 did):`);
    expect(text).toContain("  iam: IAM authorization: moto accepts any credentials");
    expect(text).toContain("Wall time: 901 s");
  });
});

describe("the rehearsal's destroy expectation", () => {
  test.each([
    ["bootstrap", true],
    ["dev", false],
    ["staging", true],
    ["prod", true],
  ])("%s: destroy refused = %s (prevent_destroy)", (env, refused) => {
    const config = loadEnvironments(ENVS_DIR).find((c) => c.env === env);
    expect(config && preventsDestroy(config)).toBe(refused);
  });

  test("terraform's errors are reported one per line, without repeats", () => {
    const result = {
      code: 1,
      stdout: "",
      stderr:
        "\nError: Error acquiring the state lock\n\nLock Info:\n  ID: abc\n\nError: Error acquiring the state lock\n",
    };
    expect(errorLines(result)).toBe("Error acquiring the state lock");
  });
});
