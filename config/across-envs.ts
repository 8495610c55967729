import type { ConfigProblem } from "./load";
import type { EnvConfig } from "./schema";

/**
 * What no single env can be checked for alone: two envs that would collide in AWS. Each problem
 * is reported against the later env (in name order), naming the earlier one.
 *
 * - The same VPC range twice in one account: the two VPCs could never be peered or share a
 *   transit gateway route, and a copied env folder is the usual cause.
 * - The same domain in the same hosted zone: both envs would write the same Route 53 records
 *   (api.<domain>, ...), and the second apply fails late, on records that exist.
 */
export function acrossEnvProblems(configs: readonly EnvConfig[]): Map<string, ConfigProblem[]> {
  const problems = new Map<string, ConfigProblem[]>();
  const add = (env: string, problem: ConfigProblem) =>
    problems.set(env, [...(problems.get(env) ?? []), problem]);
  const cidrs = new Map<string, string>();
  const domains = new Map<string, string>();
  for (const config of configs) {
    if (config.kind !== "platform") continue;
    if (config.network) {
      const key = `${config.accountId} ${config.network.vpcCidr}`;
      const other = cidrs.get(key);
      if (other)
        add(config.env, {
          field: "network.vpcCidr",
          value: config.network.vpcCidr,
          rule: `is also the VPC range of env "${other}" in account ${config.accountId}; give each env its own range (npm run new-env picks a free one)`,
        });
      else cidrs.set(key, config.env);
    }
    const domain = config.compute.domain;
    if (domain) {
      const key = `${domain.name} ${domain.hostedZoneId}`;
      const other = domains.get(key);
      if (other)
        add(config.env, {
          field: "compute.domain",
          value: domain,
          rule: `is also env "${other}"'s domain in the same hosted zone: both would write the same Route 53 records; give each env its own domain`,
        });
      else domains.set(key, config.env);
    }
  }
  return problems;
}
