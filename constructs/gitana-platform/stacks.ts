import type { Construct } from "constructs";
import type { EnvConfig } from "../../config/schema";
import { StateBackendBootstrap } from "../state-backend/bootstrap";
import { EnvStack } from "./env-stack";
import { GitanaPlatform } from "./index";

/** Builds one stack per env config, named after the env. */
export function buildEnvStacks(app: Construct, configs: readonly EnvConfig[]): EnvStack[] {
  return configs.map((config) => {
    const stack = new EnvStack(app, config.env);
    if (config.kind === "bootstrap") new StateBackendBootstrap(stack, "bootstrap", config);
    else new GitanaPlatform(stack, "gitana", { config });
    return stack;
  });
}
