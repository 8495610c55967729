import { evaluate } from "../../tools/policy";
import type { Resource, PlanView, ResourceChange } from "../../tools/policy/plan-view";
import { CHANGE_SAFETY, changeSafetyRule } from "../../tools/policy/rules/change-safety";

/** A stateful resource as the plan view holds it, protected or not by prevent_destroy. */
function cluster(preventDestroy: boolean): Resource {
  return {
    address: "aws_docdb_cluster.gitana_documentdb_cluster_9B960EF6",
    mode: "managed",
    type: "aws_docdb_cluster",
    name: "gitana_documentdb_cluster_9B960EF6",
    attrs: {},
    lifecycle: { prevent_destroy: preventDestroy },
  };
}

function change(
  address: string,
  actions: string[],
  extra: Partial<ResourceChange> = {},
): ResourceChange {
  return { address, type: address.split(".")[0], actions, replacePaths: [], ...extra };
}

function view(protectsData: boolean, ...changes: ResourceChange[]): PlanView {
  return { resources: [cluster(protectsData)], changes };
}

const subnetReplaced = change(
  "aws_subnet.gitana_network_data-subnet-eu-west-1a_2F0E4A63",
  ["delete", "create"],
  { replacePaths: ["cidr_block"], actionReason: "replace_because_cannot_update" },
);
const keyRemoved = change("aws_kms_key.gitana_logs-key_90F5DDFC", ["delete"], {
  actionReason: "delete_because_no_resource_config",
});

describe(`${CHANGE_SAFETY}: plans against a deployed state`, () => {
  test("a replaced subnet fails in an env that protects its data, naming the attribute that forces it", () => {
    expect(changeSafetyRule.check(view(true, subnetReplaced))).toEqual([
      {
        control: CHANGE_SAFETY,
        resource: subnetReplaced.address,
        pass: false,
        why: expect.stringMatching(
          /^would be replaced: changing cidr_block forces it; if that is meant, suppress Gitana\.ChangeSafety/,
        ),
      },
    ]);
  });

  test("a resource gone from the configuration fails as destroyed, whatever its prevent_destroy said", () => {
    const [finding] = changeSafetyRule.check(view(true, keyRemoved));
    expect(finding.pass).toBe(false);
    expect(finding.why).toMatch(/^would be destroyed: it is no longer in the configuration/);
  });

  test.each([
    ["an in-place update (DocumentDB instance class)", ["update"]],
    ["a rename through a moved block", ["no-op"]],
    ["a new resource", ["create"]],
  ])("%s passes", (_, actions) => {
    const instance = change(
      "aws_docdb_cluster_instance.gitana_documentdb_instance-eu-west-1a_F975E228",
      actions,
    );
    expect(changeSafetyRule.check(view(true, instance))).toEqual([
      expect.objectContaining({
        pass: true,
        why: "no stateful resource, VPC or subnet is replaced or destroyed",
      }),
    ]);
  });

  test("a replaced resource that holds no data (a route table) passes", () => {
    const table = change("aws_route_table.gitana_network_private-route-table-eu-west-1a_0C5F1B0A", [
      "delete",
      "create",
    ]);
    expect(changeSafetyRule.check(view(true, table))[0].pass).toBe(true);
  });

  test("an env that does not protect its data may replace, and the report says so", () => {
    const [finding] = changeSafetyRule.check(view(false, subnetReplaced));
    expect(finding.pass).toBe(true);
    expect(finding.why).toContain("allowed: the env does not protect its data");
  });

  test("a plan from an empty state has nothing to compare with and passes", () => {
    expect(changeSafetyRule.check(view(true))[0]).toMatchObject({
      pass: true,
      why: "nothing deployed to compare with (plan from an empty state)",
    });
  });

  test("a user who means it suppresses the one resource with a reason", () => {
    const results = evaluate(
      view(true, subnetReplaced, keyRemoved),
      [
        {
          control: CHANGE_SAFETY,
          resource: subnetReplaced.address,
          reason: "moving to a larger data subnet, data migrated",
        },
      ],
      [changeSafetyRule],
    );
    expect(results.map((r) => [r.resource, r.status])).toEqual([
      [subnetReplaced.address, "SUPPRESSED"],
      [keyRemoved.address, "FAIL"],
    ]);
  });
});
