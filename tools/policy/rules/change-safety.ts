import type { PlanView, ResourceChange } from "../plan-view";
import type { Finding, Rule } from "../rule";
import { STATEFUL_TYPES } from "../../../facts/stateful";

/**
 * What a plan against a deployed state must not replace or destroy in an env that protects its
 * data: the stores themselves, the secrets they are opened with, and the network they live in
 * (a new VPC or subnet takes a new cluster, domain and instances with it).
 */
export const CHANGE_PROTECTED_TYPES = [
  ...STATEFUL_TYPES,
  "aws_docdb_cluster_instance",
  "aws_secretsmanager_secret",
  "aws_elasticache_replication_group",
  "aws_elasticache_cluster",
  "aws_elasticache_serverless_cache",
  "aws_vpc",
  "aws_subnet",
];

export const CHANGE_SAFETY = "Gitana.ChangeSafety";

/** Why Terraform destroys, in words (the plan's `action_reason`). */
const REASONS: Record<string, string> = {
  delete_because_no_resource_config: "it is no longer in the configuration",
  delete_because_count_index: "its count index is gone",
  delete_because_each_key: "its for_each key is gone",
  delete_because_wrong_repetition: "its repetition mode changed",
  replace_because_tainted: "it is tainted",
  replace_by_request: "-replace asked for it",
  replace_by_triggers: "a replace_triggered_by reference changed",
};

function destroys(change: ResourceChange): boolean {
  return change.actions.includes("delete");
}

function describe(change: ResourceChange): string {
  const verb = change.actions.includes("create") ? "would be replaced" : "would be destroyed";
  const cause = change.replacePaths.length
    ? `changing ${change.replacePaths.join(", ")} forces it`
    : (REASONS[change.actionReason ?? ""] ?? change.actionReason ?? "the plan says so");
  return `${verb}: ${cause}`;
}

/**
 * An env protects its data when Terraform may not destroy its stores (prevent_destroy) or AWS
 * may not delete them (deletion protection): prod and staging here, as config/deployed-networks.ts
 * has it.
 */
function protectsData(view: PlanView): boolean {
  return view.resources.some(
    (r) =>
      r.mode === "managed" &&
      STATEFUL_TYPES.includes(r.type) &&
      (r.lifecycle.prevent_destroy === true || r.attrs.deletion_protection === true),
  );
}

/**
 * Reads the plan's actions, not its values: a plan made against the deployed state (your CI's
 * `terraform show -json` of a saved plan) fails when it would replace or destroy stored data.
 * prevent_destroy alone does not catch it: it is not set on instances, secrets or subnets, and a
 * resource removed from the configuration is destroyed whatever its lifecycle said.
 */
export const changeSafetyRule: Rule = {
  id: CHANGE_SAFETY,
  title: "No plan replaces or destroys stored data or the network it lives in",
  check(view): Finding[] {
    const guarded = protectsData(view);
    const risky = view.changes.filter(
      (c) => CHANGE_PROTECTED_TYPES.includes(c.type) && destroys(c),
    );
    if (risky.length === 0) {
      return [
        {
          control: CHANGE_SAFETY,
          resource: "(plan)",
          pass: true,
          why: view.changes.length
            ? "no stateful resource, VPC or subnet is replaced or destroyed"
            : "nothing deployed to compare with (plan from an empty state)",
        },
      ];
    }
    return risky.map((change) => ({
      control: CHANGE_SAFETY,
      resource: change.address,
      pass: !guarded,
      why: guarded
        ? `${describe(change)}; if that is meant, suppress ${CHANGE_SAFETY} for this resource with a reason`
        : `${describe(change)}; allowed: the env does not protect its data (no prevent_destroy, no deletion protection)`,
    }));
  },
};
