import { config as bootstrap } from "../../envs/bootstrap";
import { config as dev } from "../../envs/dev";
import { config as prod } from "../../envs/prod";
import { config as staging } from "../../envs/staging";
import type { BootstrapEnvInput, PlatformEnvInput } from "../../config/schema";

/** An env config that creates its network (as the shipped ones do). */
export type NetworkedInput = PlatformEnvInput & {
  network: NonNullable<PlatformEnvInput["network"]>;
};

/** A fresh, mutable copy of the shipped dev config: the base every test varies. */
export function devInput(): NetworkedInput {
  return structuredClone(dev) as NetworkedInput;
}

export function prodInput(): NetworkedInput {
  return structuredClone(prod) as NetworkedInput;
}

export function stagingInput(): NetworkedInput {
  return structuredClone(staging) as NetworkedInput;
}

export function bootstrapInput(): BootstrapEnvInput {
  return structuredClone(bootstrap);
}
