import { access } from "../../tools/diagram/access";
import { toDot } from "../../tools/diagram/dot";
import {
  buildModel,
  mergeEdges,
  type DiagramModel,
  type EdgeKind,
  type StackJson,
} from "../../tools/diagram/model";
import { synthShippedEnvs } from "../helpers/synth";

let prodStack: StackJson;
let prod: DiagramModel;

beforeAll(() => {
  prodStack = synthShippedEnvs().prod as StackJson;
  prod = buildModel("prod", prodStack);
});

function nodeOf(id: string) {
  const found = prod.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no node ${id}; nodes: ${prod.nodes.map((n) => n.id).join(", ")}`);
  return found;
}

/** The id of the only node of `kind` whose label mentions `text`. */
function idOf(kind: string, text: string): string {
  const found = prod.nodes.filter(
    (n) => n.kind === kind && [n.title, ...n.details].some((line) => line.includes(text)),
  );
  expect(found).toHaveLength(1);
  return found[0].id;
}

function labelOf(kind: EdgeKind, from: string, to: string): string | undefined {
  return prod.edges.find((e) => e.kind === kind && e.from === from && e.to === to)?.label;
}

describe("the model of the prod stack", () => {
  test("has the five ECS services with their Service Connect names", () => {
    const services = prod.nodes.filter((n) => n.kind === "service");
    expect(services.map((s) => s.id)).toEqual([
      "service:api",
      "service:api-worker",
      "service:av",
      "service:clamav",
      "service:ui",
    ]);
    expect(nodeOf("service:api").details).toContain("Service Connect api:80");
    expect(nodeOf("service:ui").details).toContain("Service Connect ui:80");
    expect(nodeOf("service:av").details).toContain("Service Connect av:80");
    expect(nodeOf("service:clamav").details).toContain("Service Connect clamav:3310");
    expect(nodeOf("service:api-worker").details).toContain("Service Connect client");
    expect(services.every((s) => s.placement === "private" && s.inEcsCluster)).toBe(true);
  });

  test("has the two load balancers with the public names Route 53 gives them", () => {
    const albs = prod.nodes.filter((n) => n.kind === "alb");
    expect(albs).toHaveLength(2);
    expect(nodeOf(idOf("alb", "api.cms.example.com")).placement).toBe("public");
    expect(nodeOf(idOf("alb", "ui.cms.example.com")).placement).toBe("public");
  });

  test("has the data stores in the data subnets and messaging, buckets, secrets outside the VPC", () => {
    expect(nodeOf(idOf("docdb", "DocumentDB")).placement).toBe("data");
    expect(nodeOf(idOf("opensearch", "OpenSearch")).placement).toBe("data");
    expect(nodeOf(idOf("cache", "gitana-prod-sessions"))).toMatchObject({
      title: "ElastiCache Valkey 8.2",
      details: ["gitana-prod-sessions", "2 × cache.t4g.small, failover"],
      placement: "data",
    });
    const topic = idOf("topic", "notifications");
    const queue = idOf("queue", "SQS queue");
    const dlq = idOf("queue", "dead-letter");
    expect(labelOf("messaging", topic, queue)).toBe("subscription");
    expect(labelOf("messaging", queue, dlq)).toBe("after 5 receives");
    expect(prod.nodes.filter((n) => n.kind === "bucket")).toHaveLength(3);
    expect(nodeOf("secrets").details).toEqual(
      expect.arrayContaining(["license", "DocumentDB master (managed)"]),
    );
    expect(nodeOf("secrets").placement).toBe("region");
  });

  test("groups the nine subnets by tier and AZ, with their CIDRs", () => {
    expect(prod.subnets).toHaveLength(9);
    expect(new Set(prod.subnets.map((s) => s.az)).size).toBe(3);
    expect(prod.subnets.map((s) => s.tier)).toEqual([
      ...["public", "public", "public"],
      ...["private", "private", "private"],
      ...["data", "data", "data"],
    ]);
    expect(prod.subnets.every((s) => /^10\.42\.\d+\.\d+\/\d+$/.test(s.cidr))).toBe(true);
  });

  test("draws the traffic the security groups allow, labelled with the port", () => {
    const api = "service:api";
    const docdb = idOf("docdb", "DocumentDB");
    expect(labelOf("network", idOf("alb", "api.cms.example.com"), api)).toBe("8080");
    expect(labelOf("network", "service:ui", api)).toBe("8080");
    expect(labelOf("network", api, docdb)).toBe("27017");
    expect(labelOf("network", "service:api-worker", docdb)).toBe("27017");
    expect(labelOf("network", api, idOf("opensearch", "OpenSearch"))).toBe("443");
    expect(labelOf("network", "service:av", "service:clamav")).toBe("3310");
    expect(labelOf("network", api, "service:api-worker")).toBe("5800");
    // HTTP and HTTPS rules from anywhere: one edge from the internet.
    expect(labelOf("network", "internet", idOf("alb", "ui.cms.example.com"))).toBe("80, 443");
    // Nothing reaches the data stores but the API tier.
    const intoData = prod.edges.filter((e) => e.to === docdb).map((e) => e.from);
    expect(intoData.sort()).toEqual(["service:api", "service:api-worker"]);
    // The session store: the ui tasks only, on 6379.
    const store = idOf("cache", "gitana-prod-sessions");
    expect(prod.edges.filter((e) => e.to === store)).toEqual([
      { from: "service:ui", to: store, kind: "network", label: "6379" },
    ]);
  });

  test("draws the access IAM grants each service, one edge per service and resource", () => {
    const binaries = idOf("bucket", "binaries");
    const config = idOf("bucket", "-config-");
    const queue = idOf("queue", "SQS queue");
    expect(labelOf("iam", "service:api", binaries)).toBe("read-write");
    expect(labelOf("iam", "service:api-worker", binaries)).toBe("read-write");
    expect(labelOf("iam", "service:api", config)).toBe("read");
    expect(labelOf("iam", "service:api", idOf("topic", "notifications"))).toBe("publish");
    expect(labelOf("iam", "service:api", idOf("opensearch", "OpenSearch"))).toBe("read-write");
    expect(labelOf("iam", "service:ui", queue)).toBe("consume");
    expect(labelOf("iam", "service:ui", config)).toBe("read");
    expect(labelOf("iam", "service:ui", binaries)).toBeUndefined();
    // Secrets come through the execution role, for the services whose tasks name them.
    expect(labelOf("iam", "service:api", "secrets")).toBe("read at start");
    expect(labelOf("iam", "service:av", "secrets")).toBe("read at start");
    expect(labelOf("iam", "service:ui", "secrets")).toBe("read at start");
    // clamav parses untrusted files: no AWS access at all. And no edge into the KMS keys.
    expect(prod.edges.filter((e) => e.kind === "iam" && e.from === "service:clamav")).toEqual([]);
    expect(prod.edges.filter((e) => e.to === "kms")).toEqual([]);
  });

  test("is the same, and draws the same, every time", () => {
    const again = buildModel("prod", structuredClone(prodStack));
    expect(again).toEqual(prod);
    expect(toDot(again)).toBe(toDot(prod));
  });
});

describe("merging and naming edges", () => {
  test("merges parallel edges, ports in numeric order", () => {
    const merged = mergeEdges([
      { from: "a", to: "b", kind: "network", label: "443" },
      { from: "a", to: "b", kind: "network", label: "80" },
      { from: "a", to: "b", kind: "network", label: "80" },
      { from: "a", to: "b", kind: "iam", label: "read" },
    ]);
    expect(merged).toEqual([
      { from: "a", to: "b", kind: "iam", label: "read" },
      { from: "a", to: "b", kind: "network", label: "80, 443" },
    ]);
  });

  test.each([
    [["s3:GetObject", "s3:ListBucket"], "read"],
    [["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], "read-write"],
    [["s3:PutObject"], "write"],
    [["sns:Publish"], "publish"],
    [["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], "consume"],
    [["sqs:SendMessage"], "send"],
    [["es:ESHttpGet", "es:ESHttpHead"], "read"],
    [["es:ESHttpGet", "es:ESHttpPut"], "read-write"],
    [["s3:*"], "full"],
  ])("names %j %s", (actions, label) => {
    expect(access(actions)).toBe(label);
  });
});
