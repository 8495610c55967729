import {
  actionOf,
  countByLayer,
  formatPlanSummary,
  layersOf,
  planLine,
} from "../../tools/harness/plan-summary";

const stack = {
  resource: {
    aws_vpc: { network_vpc_1: { "//": { metadata: { path: "dev/gitana/network/vpc" } } } },
    aws_subnet: { network_subnet_2: { "//": { metadata: { path: "dev/gitana/network/subnet" } } } },
    aws_docdb_cluster: {
      documentdb_cluster_3: { "//": { metadata: { path: "dev/gitana/documentdb/cluster" } } },
    },
    aws_s3_bucket: { state_bucket_4: { "//": { metadata: { path: "bootstrap/state/bucket" } } } },
  },
};

const change = (address: string, ...actions: string[]) => ({ address, change: { actions } });

describe("the preview summary", () => {
  test("terraform's action lists map to create, update, replace and delete; no-op and read to none", () => {
    expect(actionOf(["create"])).toBe("create");
    expect(actionOf(["update"])).toBe("update");
    expect(actionOf(["delete", "create"])).toBe("replace");
    expect(actionOf(["create", "delete"])).toBe("replace");
    expect(actionOf(["delete"])).toBe("delete");
    expect(actionOf(["no-op"])).toBeUndefined();
    expect(actionOf(["read"])).toBeUndefined();
  });

  test("a resource's layer is the construct under the platform, or the top construct outside it", () => {
    expect(Object.fromEntries(layersOf(stack))).toEqual({
      "aws_vpc.network_vpc_1": "network",
      "aws_subnet.network_subnet_2": "network",
      "aws_docdb_cluster.documentdb_cluster_3": "documentdb",
      "aws_s3_bucket.state_bucket_4": "state",
    });
  });

  test("counts each layer's actions, counted resources by their base address, data reads left out", () => {
    const counts = countByLayer(
      [
        change("aws_vpc.network_vpc_1", "create"),
        change("aws_subnet.network_subnet_2[0]", "create"),
        change("aws_subnet.network_subnet_2[1]", "update"),
        change("aws_docdb_cluster.documentdb_cluster_3", "delete", "create"),
        { ...change("data.aws_region.current", "read"), mode: "data" },
      ],
      layersOf(stack),
    );
    expect(Object.fromEntries(counts)).toEqual({
      documentdb: { create: 0, update: 0, replace: 1, delete: 0 },
      network: { create: 2, update: 1, replace: 0, delete: 0 },
    });
  });

  test("ends with the Plan line and where the full plan is", () => {
    const counts = countByLayer([change("aws_vpc.network_vpc_1", "create")], layersOf(stack));
    const text = formatPlanSummary(
      "dev",
      counts,
      "Plan: 1 to add, 0 to change, 0 to destroy.",
      "cdktf.out/preview/dev-plan.txt",
    );
    expect(text.split("\n")).toEqual([
      'Offline plan of "dev", by layer:',
      "  layer       create   update  replace   delete",
      "  network          1        -        -        -",
      "  total            1        -        -        -",
      "Plan: 1 to add, 0 to change, 0 to destroy.",
      "Full plan: cdktf.out/preview/dev-plan.txt (or run with --full)",
    ]);
  });

  test("takes the Plan line, or No changes, from terraform's output", () => {
    expect(planLine("...\nPlan: 3 to add, 1 to change, 0 to destroy.\n\nNote: ...")).toBe(
      "Plan: 3 to add, 1 to change, 0 to destroy.",
    );
    expect(planLine("No changes. Your infrastructure matches the configuration.\n")).toBe(
      "No changes. Your infrastructure matches the configuration.",
    );
  });
});
