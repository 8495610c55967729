import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { type App, TerraformStack } from "cdktf";
import { loadEnvironments } from "../../config/environments";
import { createApp } from "../../constructs/gitana-platform/app";
import { EnvStack } from "../../constructs/gitana-platform/env-stack";
import { GitanaPlatform } from "../../constructs/gitana-platform";
import { ENVS_DIR } from "../../tools/paths";
import { createOfflineRunner } from "../../tools/harness/terraform";
import { resourceOf, type StackJson } from "../helpers/synth";

/** Synthesizes an app and returns the Terraform JSON of each named stack. */
function synthStacks(build: (app: App) => void, ...names: string[]): Record<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), "gitana-env-stack-"));
  const app = createApp({ outdir });
  build(app);
  app.synth();
  return Object.fromEntries(names.map((name) => [name, join(outdir, "stacks", name)] as const));
}

const read = (stackDir: string) => readFileSync(join(stackDir, "cdk.tf.json"), "utf8");

describe("EnvStack (no cross-stack preparing pass)", () => {
  test("synthesizes prod exactly as a plain TerraformStack does", () => {
    const prod = loadEnvironments(ENVS_DIR).find((c) => c.env === "prod");
    if (prod?.kind !== "platform") throw new Error("envs/prod is not a platform env");
    const dirs = synthStacks(
      (app) => {
        new GitanaPlatform(new EnvStack(app, "env-stack"), "gitana", { config: prod });
        new GitanaPlatform(new TerraformStack(app, "terraform-stack"), "gitana", { config: prod });
      },
      "env-stack",
      "terraform-stack",
    );
    // The backend's local path names the stack; everything else must match byte for byte.
    const normalized = (name: string) => read(dirs[name]).replaceAll(name, "<stack>");
    expect(normalized("env-stack")).toEqual(normalized("terraform-stack"));
  });

  test("a reference to another env's resource is refused by terraform validate", async () => {
    const dirs = synthStacks(
      (app) => {
        const one = new EnvStack(app, "one");
        new AwsProvider(one, "aws", { region: "eu-west-1" });
        const queue = new SqsQueue(one, "queue", { name: "one-queue" });
        const two = new EnvStack(app, "two");
        new AwsProvider(two, "aws", { region: "eu-west-1" });
        new SsmParameter(two, "queue-arn", {
          name: "/two/queue-arn",
          type: "String",
          value: queue.arn,
        });
      },
      "one",
      "two",
    );
    // Written as-is: no remote state or output is made to carry it across.
    const one = JSON.parse(read(dirs.one)) as StackJson;
    const two = JSON.parse(read(dirs.two)) as StackJson;
    expect(two.data).toBeUndefined();
    expect(resourceOf(two, "aws_ssm_parameter").value).toBe("${aws_sqs_queue.queue.arn}");
    expect(one.output).toBeUndefined();

    const terraform = createOfflineRunner();
    expect((await terraform.init(dirs.two)).code).toBe(0);
    const validate = await terraform.validate(dirs.two);
    expect(validate.code).not.toBe(0);
    expect(validate.stderr).toContain("Reference to undeclared resource");
  });
});
