import { planView } from "../../tools/policy";

/** The view the rules read: plan values overlaid with the synthesized configuration. */
const plan = {
  planned_values: {
    root_module: {
      resources: [
        {
          address: "aws_lb.api",
          mode: "managed" as const,
          type: "aws_lb",
          name: "api",
          values: {
            idle_timeout: 60,
            access_logs: [{ enabled: true, bucket: "logs" }],
            subnets: ["a", "b"],
          },
        },
        // for_each instances share one configuration: the view holds it once.
        {
          address: 'aws_subnet.private["a"]',
          mode: "managed" as const,
          type: "aws_subnet",
          name: "private",
          index: "a",
          values: {},
        },
        {
          address: 'aws_subnet.private["b"]',
          mode: "managed" as const,
          type: "aws_subnet",
          name: "private",
          index: "b",
          values: {},
        },
      ],
    },
  },
  prior_state: {
    values: {
      root_module: {
        resources: [
          {
            address: "data.aws_iam_policy_document.d",
            mode: "data" as const,
            type: "aws_iam_policy_document",
            name: "d",
            values: { json: "{}" },
          },
        ],
      },
    },
  },
  resource_changes: [
    {
      address: "aws_subnet.old",
      type: "aws_subnet",
      mode: "managed" as const,
      previous_address: "aws_subnet.older",
      action_reason: "replace_because_cannot_update",
      change: { actions: ["delete", "create"], replace_paths: [["cidr_block"]] },
    },
    {
      address: "data.aws_region.r",
      type: "aws_region",
      mode: "data" as const,
      change: { actions: ["read"] },
    },
  ],
};
const stack = {
  resource: {
    aws_lb: {
      api: {
        "//": { metadata: { path: "prod/gitana/compute/api-lb/lb" } },
        access_logs: { enabled: true, bucket: "${aws_s3_bucket.logs.id}" },
        lifecycle: { prevent_destroy: true },
      },
    },
  },
  data: { aws_iam_policy_document: { d: { statement: [{ effect: "Deny" }] } } },
};
const view = planView(plan, stack);
const lb = view.resources.find((r) => r.address === "aws_lb.api");

describe("plan view", () => {
  test("configured values win over planned ones, so references stay readable", () => {
    expect(lb?.attrs.access_logs).toEqual({ enabled: true, bucket: "${aws_s3_bucket.logs.id}" });
  });

  test("planned values the configuration leaves out are kept, single blocks unwrapped", () => {
    expect(lb?.attrs).toMatchObject({ idle_timeout: 60, subnets: ["a", "b"] });
  });

  test("lifecycle comes from the configuration, and the construct path from its metadata", () => {
    expect(lb).toMatchObject({
      lifecycle: { prevent_destroy: true },
      path: "gitana/compute/api-lb/lb",
    });
    expect(lb?.attrs).not.toHaveProperty("//");
    expect(lb?.attrs).not.toHaveProperty("lifecycle");
  });

  test("for_each instances appear once, by their configuration's address", () => {
    expect(view.resources.filter((r) => r.type === "aws_subnet").map((r) => r.address)).toEqual([
      "aws_subnet.private",
    ]);
  });

  test("data sources read while planning come from the prior state, with their configuration", () => {
    expect(view.resources.find((r) => r.mode === "data")).toMatchObject({
      address: "data.aws_iam_policy_document.d",
      attrs: { json: "{}", statement: [{ effect: "Deny" }] },
    });
  });

  test("changes of managed resources keep their actions, reason, replace paths and old address", () => {
    expect(view.changes).toEqual([
      {
        address: "aws_subnet.old",
        type: "aws_subnet",
        actions: ["delete", "create"],
        actionReason: "replace_because_cannot_update",
        replacePaths: ["cidr_block"],
        previousAddress: "aws_subnet.older",
      },
    ]);
  });
});
