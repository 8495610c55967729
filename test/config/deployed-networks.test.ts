import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnvironments } from "../../config/environments";
import {
  DEPLOYED_NETWORKS_FILE,
  deployedNetworks,
  frozenNetworkProblems,
} from "../../config/deployed-networks";
import { loadEnvConfig } from "../../config/load";
import { ENVS_DIR } from "../../tools/paths";
import { devInput, prodInput } from "../helpers/configs";

const recorded = JSON.parse(readFileSync(join(ENVS_DIR, DEPLOYED_NETWORKS_FILE), "utf8"));
const prodDeployed = {
  vpcCidr: "10.42.0.0/16",
  availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
};

describe("the network of an env that protects its data is frozen", () => {
  test("envs/deployed-networks.json records the network of every data-protecting env as configured", () => {
    expect(deployedNetworks(loadEnvironments(ENVS_DIR, { ignoreDeployedNetworks: true }))).toEqual(
      recorded,
    );
    expect(Object.keys(recorded)).toEqual(["prod", "staging"]);
  });

  test("a new vpcCidr is refused, naming the field, both CIDRs and the way to migrate", () => {
    const input = prodInput();
    input.network = { ...input.network, vpcCidr: "10.43.0.0/16" };
    const [problem, ...rest] = frozenNetworkProblems(loadEnvConfig("prod", input), prodDeployed);
    expect(rest).toEqual([]);
    expect(problem.field).toBe("network.vpcCidr");
    expect(problem.value).toBe("10.43.0.0/16");
    expect(problem.rule).toContain("Deployed: 10.42.0.0/16");
    expect(problem.rule).toContain("would replace the VPC and every subnet");
    expect(problem.rule).toContain(
      "build a new env on the new network beside this one and migrate the data",
    );
  });

  test("another set of zones is refused", () => {
    const deployedElsewhere = {
      ...prodDeployed,
      availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1d"],
    };
    const [problem] = frozenNetworkProblems(loadEnvConfig("prod", prodInput()), deployedElsewhere);
    expect(problem.field).toBe("availabilityZones");
    expect(problem.rule).toContain("Deployed: eu-west-1a, eu-west-1b, eu-west-1d (any order)");
  });

  test("the same zones in another order are accepted: per-AZ resources are keyed by zone", () => {
    const input = prodInput();
    input.availabilityZones = ["eu-west-1c", "eu-west-1a", "eu-west-1b"] as never;
    expect(frozenNetworkProblems(loadEnvConfig("prod", input), prodDeployed)).toEqual([]);
  });

  test("a disposable env may change its network", () => {
    const input = devInput();
    input.network = { ...input.network, vpcCidr: "10.50.0.0/20" };
    expect(frozenNetworkProblems(loadEnvConfig("dev", input), prodDeployed)).toEqual([]);
  });

  test("loading the envs stops with the problem before anything is synthesized", () => {
    const envsDir = mkdtempSync(join(tmpdir(), "gitana-envs-"));
    const input = prodInput();
    input.network = { ...input.network, vpcCidr: "10.43.0.0/16" };
    mkdirSync(join(envsDir, "prod"));
    writeFileSync(join(envsDir, "prod", "index.js"), `exports.config = ${JSON.stringify(input)};`);
    writeFileSync(join(envsDir, DEPLOYED_NETWORKS_FILE), JSON.stringify({ prod: prodDeployed }));
    expect(() => loadEnvironments(envsDir)).toThrow(
      /Invalid config for env "prod" \(envs\/prod\):\n {2}- network\.vpcCidr: "10\.43\.0\.0\/16" differs from the VPC CIDR/,
    );
    expect(loadEnvironments(envsDir, { ignoreDeployedNetworks: true })).toHaveLength(1);
  });
});
