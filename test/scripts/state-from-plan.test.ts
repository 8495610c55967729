import {
  stateFromPlan,
  type PlanJson,
  type ProviderSchemas,
} from "../../tools/harness/change-scenarios/state-from-plan";

/**
 * The state a deployed-state plan starts from (npm run change-scenarios): built from a plan from
 * an empty state. A VPC and a subnet in it, as `terraform show -json` and `terraform providers
 * schema -json` give them (trimmed to the attributes used).
 */
const AWS = "registry.terraform.io/hashicorp/aws";
const schemas: ProviderSchemas = {
  provider_schemas: {
    [AWS]: {
      resource_schemas: {
        aws_vpc: {
          version: 1,
          block: {
            attributes: {
              id: { type: "string", optional: true },
              arn: { type: "string" },
              cidr_block: { type: "string", optional: true },
              ipv6_cidr_block: { type: "string", optional: true },
              enable_dns_support: { type: "bool", optional: true },
            },
          },
        },
        aws_subnet: {
          version: 1,
          block: {
            attributes: {
              id: { type: "string", optional: true },
              vpc_id: { type: "string" },
              cidr_block: { type: "string", optional: true },
              tags: { type: ["map", "string"], optional: true },
            },
          },
        },
        aws_docdb_cluster: {
          version: 0,
          block: {
            attributes: { id: { type: "string", optional: true } },
            block_types: {
              master_user_secret: {
                nesting_mode: "list",
                block: { attributes: { secret_arn: { type: "string" } } },
              },
            },
          },
        },
      },
    },
  },
};

const stack = {
  resource: {
    aws_subnet: {
      data: {
        vpc_id: "${aws_vpc.main.id}",
        cidr_block: "10.0.1.0/24",
        tags: { Vpc: "in ${aws_vpc.main.arn}" },
      },
    },
  },
};

const plan: PlanJson = {
  resource_changes: [
    {
      address: "aws_vpc.main",
      mode: "managed",
      type: "aws_vpc",
      name: "main",
      provider_name: AWS,
      change: {
        actions: ["create"],
        after: { cidr_block: "10.0.0.0/16", enable_dns_support: true },
        after_unknown: { id: true, arn: true, ipv6_cidr_block: true },
        after_sensitive: {},
      },
    },
    {
      address: "aws_subnet.data",
      mode: "managed",
      type: "aws_subnet",
      name: "data",
      provider_name: AWS,
      change: {
        actions: ["create"],
        after: { cidr_block: "10.0.1.0/24", tags: {} },
        after_unknown: { id: true, vpc_id: true, tags: { Vpc: true } },
        after_sensitive: { tags: {} },
      },
    },
    {
      address: "aws_docdb_cluster.cluster",
      mode: "managed",
      type: "aws_docdb_cluster",
      name: "cluster",
      provider_name: AWS,
      change: {
        actions: ["create"],
        after: {},
        after_unknown: { id: true, master_user_secret: true },
        after_sensitive: { master_user_secret: true },
      },
    },
    {
      address: "data.aws_region.current",
      mode: "data",
      type: "aws_region",
      name: "current",
      provider_name: AWS,
      change: { actions: ["read"], after: {}, after_unknown: {} },
    },
  ],
};

const context = { accountId: "111122223333", region: "eu-west-1" };

function attributesOf(state: ReturnType<typeof stateFromPlan>, type: string) {
  const resource = state.resources.find((r) => r.type === type);
  if (!resource) throw new Error(`no ${type} in the state`);
  return resource.instances[0];
}

describe("stateFromPlan: the state an apply of a plan would leave", () => {
  const state = stateFromPlan(plan, stack, schemas, context);

  test("is a format 4 state of the managed resources, with each resource's schema version", () => {
    expect(state.version).toBe(4);
    expect(state.resources.map((r) => [r.type, r.provider, r.instances[0].schema_version])).toEqual(
      [
        ["aws_vpc", `provider["${AWS}"]`, 1],
        ["aws_subnet", `provider["${AWS}"]`, 1],
        ["aws_docdb_cluster", `provider["${AWS}"]`, 0],
      ],
    );
  });

  test("keeps the planned values and gives what AWS would generate a stable stand-in of its shape", () => {
    const vpc = attributesOf(state, "aws_vpc").attributes;
    expect(vpc).toMatchObject({ cidr_block: "10.0.0.0/16", enable_dns_support: true });
    expect(vpc.id).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(vpc.arn).toMatch(/^arn:aws:vpc:eu-west-1:111122223333:vpc\/[0-9a-f]{17}$/);
    expect(stateFromPlan(plan, stack, schemas, context)).toEqual(state);
  });

  test("an optional attribute left to AWS gets AWS's empty default, not an invented value", () => {
    expect(attributesOf(state, "aws_vpc").attributes.ipv6_cidr_block).toBe("");
  });

  test("follows references to what was unknown, as the apply would have filled them", () => {
    const vpc = attributesOf(state, "aws_vpc").attributes;
    expect(attributesOf(state, "aws_subnet").attributes).toMatchObject({
      vpc_id: vpc.id,
      tags: { Vpc: `in ${String(vpc.arn)}` },
    });
  });

  test("a computed list of blocks gets one element (read as `[0]`), kept sensitive", () => {
    const cluster = attributesOf(state, "aws_docdb_cluster");
    expect(cluster.attributes.master_user_secret).toEqual([
      { secret_arn: expect.stringMatching(/^arn:aws:docdb:/) },
    ]);
    expect(cluster.sensitive_attributes).toEqual([
      [{ type: "get_attr", value: "master_user_secret" }],
    ]);
  });

  test("with a prior state, what the plan still leaves unknown keeps its prior value", () => {
    const replanned = structuredClone(plan);
    (replanned.resource_changes ?? [])[0].change.after = {
      cidr_block: "10.0.0.0/16",
      ipv6_cidr_block: "",
    };
    const next = stateFromPlan(replanned, stack, schemas, context, state);
    expect(attributesOf(next, "aws_vpc").attributes.id).toBe(
      attributesOf(state, "aws_vpc").attributes.id,
    );
    expect(next.serial).toBe(state.serial + 1);
  });
});
