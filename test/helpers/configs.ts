import { config as bootstrap } from "../../envs/bootstrap";
import { config as dev } from "../../envs/dev";
import { config as prod } from "../../envs/prod";
import type { BootstrapEnvInput, PlatformEnvInput } from "../../config/schema";

/** A fresh, mutable copy of the shipped dev config: the base every test varies. */
export function devInput(): PlatformEnvInput {
  return structuredClone(dev);
}

export function prodInput(): PlatformEnvInput {
  return structuredClone(prod);
}

export function bootstrapInput(): BootstrapEnvInput {
  return structuredClone(bootstrap);
}
