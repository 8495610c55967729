import { App, TerraformStack, Testing } from "cdktf";
import { awsEnv } from "../../constructs/core/aws-env";
import { createAwsProvider } from "../../constructs/core/provider";
import type { StackJson } from "../../synthesized/stack-json";

/** The account and region every bare-stack test deploys into. */
export const AWS = awsEnv("111122223333", "eu-west-1");

/**
 * An empty stack with the AWS provider and nothing else: the scope a construct is tested in on
 * its own, with the props a test gives it (AWS CDK style), instead of a whole env.
 */
export function bareStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app() as App, "test");
  createAwsProvider(stack, { aws: AWS, tags: {} });
  return stack;
}

/** The stack's Terraform JSON, as `cdktf synth` writes it (validations not run). */
export function synthStack(stack: TerraformStack): StackJson {
  return JSON.parse(Testing.synth(stack)) as StackJson;
}
