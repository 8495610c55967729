import type { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import type { EnvConfig } from "../../config/schema";
import { StateBackendBootstrap } from "../state-backend/bootstrap";
import { GitanaPlatform } from "./index";

/** Builds one stack per env config, named after the env. */
export function buildEnvStacks(app: Construct, configs: readonly EnvConfig[]): TerraformStack[] {
  return configs.map((config) => {
    const stack = new TerraformStack(app, config.env);
    if (config.kind === "bootstrap") new StateBackendBootstrap(stack, "bootstrap", { config });
    else new GitanaPlatform(stack, "gitana", { config });
    return stack;
  });
}
