import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ConfigProblem } from "./load";
import type { EnvConfig } from "./schema";

/**
 * The network each data-protecting env was deployed with, committed beside the env folders
 * (envs/deployed-networks.json, written by `npm run stateful-ids -- --update`). A new VPC CIDR
 * or another set of zones replaces the VPC or subnets, and DocumentDB, OpenSearch and their
 * instances with them: for such an env the config may not move away from the record.
 */
export const DEPLOYED_NETWORKS_FILE = "deployed-networks.json";

export interface DeployedNetwork {
  readonly vpcCidr: string;
  /** In zone-name order: the order of the config's list does not matter. */
  readonly availabilityZones: readonly string[];
}

export type DeployedNetworks = Readonly<Record<string, DeployedNetwork>>;

/** Data is protected when destroy is blocked in Terraform or deletion is blocked in AWS. */
export function protectsData(config: EnvConfig): boolean {
  return (
    config.kind === "platform" &&
    (config.protection.preventDestroy || config.protection.deletionProtection)
  );
}

export function readDeployedNetworks(envsDir: string): DeployedNetworks {
  const file = join(envsDir, DEPLOYED_NETWORKS_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as DeployedNetworks) : {};
}

/** What the record holds for each data-protecting env that creates its own network. */
export function deployedNetworks(configs: readonly EnvConfig[]): DeployedNetworks {
  const record: Record<string, DeployedNetwork> = {};
  for (const c of [...configs].sort((a, b) => a.env.localeCompare(b.env))) {
    if (c.kind !== "platform" || !protectsData(c) || !c.network || c.existingNetwork) continue;
    record[c.env] = {
      vpcCidr: c.network.vpcCidr,
      availabilityZones: [...c.availabilityZones].sort(),
    };
  }
  return record;
}

/** The config's departures from the network the env was deployed with, as config problems. */
export function frozenNetworkProblems(
  config: EnvConfig,
  deployed: DeployedNetwork | undefined,
): ConfigProblem[] {
  if (!deployed || !protectsData(config) || config.kind !== "platform") return [];
  const [current] = Object.values(deployedNetworks([config]));
  if (!current) return []; // now on a network of its own: nothing here to replace
  const why = (what: string, replaced: string) =>
    `differs from the ${what} env "${config.env}" was deployed with (envs/${DEPLOYED_NETWORKS_FILE}): ` +
    `the env protects its data, and the change would replace ${replaced}, and DocumentDB and ` +
    "OpenSearch with them. To move, build a new env on the new network beside this one and " +
    "migrate the data (docs/rehearsal-and-change-safety.md); if the env holds nothing yet, " +
    "record the new network with `npm run stateful-ids -- --update`.";
  const problems: ConfigProblem[] = [];
  if (current.vpcCidr !== deployed.vpcCidr) {
    problems.push({
      field: "network.vpcCidr",
      value: current.vpcCidr,
      rule: `${why("VPC CIDR", "the VPC and every subnet")} Deployed: ${deployed.vpcCidr}.`,
    });
  }
  if (current.availabilityZones.join() !== [...deployed.availabilityZones].sort().join()) {
    problems.push({
      field: "availabilityZones",
      value: config.availabilityZones,
      rule: `${why("set of zones", "the subnets of the zones that change")} Deployed: ${deployed.availabilityZones.join(", ")} (any order).`,
    });
  }
  return problems;
}
