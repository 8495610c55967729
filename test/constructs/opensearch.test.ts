import { OpenSearchDomain, type OpenSearchDomainProps } from "../../constructs/opensearch";
import { AWS, bareStack, synthStack } from "../helpers/bare-stack";
import { devInput, prodInput } from "../helpers/configs";
import {
  policyStatements,
  ref,
  resourceOf,
  resourcesOf,
  synthEnv,
  type StackJson,
} from "../helpers/synth";

const DATA_KEY = "arn:aws:kms:eu-west-1:111122223333:key/data";
const LOGS_KEY = "arn:aws:kms:eu-west-1:111122223333:key/logs";
const NODE_ROLE = "arn:aws:iam::111122223333:role/gitana-test-node";
const DOMAIN_ARN = "arn:aws:es:eu-west-1:111122223333:domain/gitana-test-search";
const PROPS: OpenSearchDomainProps = {
  aws: AWS,
  namePrefix: "gitana-test",
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
  engineVersion: "OpenSearch_2.19",
  instanceType: "r7g.large.search",
  instanceCount: 3,
  volumeSizeGb: 100,
  kmsKeyArn: DATA_KEY,
  logsKmsKeyArn: LOGS_KEY,
  logRetentionDays: 30,
  masterUserArn: NODE_ROLE,
  preventDestroy: false,
};
/** An OpenSearchDomain alone on a bare stack. */
function search(props: Partial<OpenSearchDomainProps> = {}): StackJson {
  const stack = bareStack();
  new OpenSearchDomain(stack, "search", { ...PROPS, ...props });
  return synthStack(stack);
}
const LOG_TYPES = {
  ES_APPLICATION_LOGS: "application",
  AUDIT_LOGS: "audit",
  INDEX_SLOW_LOGS: "index-slow",
  SEARCH_SLOW_LOGS: "search-slow",
};

describe("OpenSearchDomain", () => {
  const bare = search();
  const domain = () => resourceOf(bare, "aws_opensearch_domain");

  test("data nodes over several subnets get zone awareness over as many zones (Opensearch.6)", () => {
    expect(domain().cluster_config).toMatchObject({
      instance_type: "r7g.large.search",
      instance_count: 3,
      zone_awareness_enabled: true,
      zone_awareness_config: { availability_zone_count: 3 },
      dedicated_master_enabled: false,
    });
    expect(domain().vpc_options).toEqual({
      subnet_ids: ["subnet-a", "subnet-b", "subnet-c"],
      security_group_ids: [ref(bare, "aws_security_group", "search", "id")],
    });
  });

  test("a single node sits in the first subnet, without zone awareness", () => {
    const single = resourceOf(search({ instanceCount: 1 }), "aws_opensearch_domain");
    expect(single.cluster_config).toMatchObject({
      instance_count: 1,
      zone_awareness_enabled: false,
    });
    expect(single.vpc_options).toMatchObject({ subnet_ids: ["subnet-a"] });
  });

  test("dedicatedMaster adds that many master nodes of that type", () => {
    const withMasters = search({ dedicatedMaster: { instanceType: "m7g.large.search", count: 3 } });
    expect(resourceOf(withMasters, "aws_opensearch_domain").cluster_config).toMatchObject({
      dedicated_master_enabled: true,
      dedicated_master_type: "m7g.large.search",
      dedicated_master_count: 3,
    });
  });

  test("stores data on encrypted gp3 volumes of the size given", () => {
    expect(domain().ebs_options).toEqual({
      ebs_enabled: true,
      volume_type: "gp3",
      volume_size: 100,
    });
  });

  test("encrypts at rest with the key given and between nodes, and serves HTTPS with TLS 1.2+ only (Opensearch.1/.3/.8)", () => {
    expect(domain()).toMatchObject({
      encrypt_at_rest: { enabled: true, kms_key_id: DATA_KEY },
      node_to_node_encryption: { enabled: true },
      domain_endpoint_options: {
        enforce_https: true,
        tls_security_policy: expect.stringMatching(/^Policy-Min-TLS-1-2/),
      },
    });
  });

  test("fine-grained access control maps the master user role; no internal users, no anonymous access (Opensearch.7)", () => {
    expect(domain().advanced_security_options).toEqual({
      enabled: true,
      anonymous_auth_enabled: false,
      internal_user_database_enabled: false,
      master_user_options: { master_user_arn: NODE_ROLE },
    });
  });

  test("the domain access policy admits only the master user role, to HTTP actions", () => {
    expect(policyStatements(bare, domain().access_policies)).toEqual([
      expect.objectContaining({
        actions: ["es:ESHttp*"],
        resources: [`${DOMAIN_ARN}/*`],
        principals: [{ type: "AWS", identifiers: [NODE_ROLE] }],
      }),
    ]);
  });

  test("publishes application, audit and slow logs, each to its own group (Opensearch.4/.5)", () => {
    expect(domain().log_publishing_options).toEqual(
      Object.entries(LOG_TYPES).map(([logType, suffix]) => ({
        log_type: logType,
        cloudwatch_log_group_arn: ref(
          bare,
          "aws_cloudwatch_log_group",
          `search_${suffix}-log-group`,
          "arn",
        ),
        enabled: true,
      })),
    );
  });

  test("the log groups are named for the domain, encrypted with the logs key, kept as long as asked", () => {
    for (const suffix of Object.values(LOG_TYPES)) {
      expect(
        resourceOf(bare, "aws_cloudwatch_log_group", `search_${suffix}-log-group`),
      ).toMatchObject({
        name: `/aws/opensearch/gitana-test-search/${suffix}`,
        retention_in_days: 30,
        kms_key_id: LOGS_KEY,
      });
    }
  });

  test("the log resource policy lets only this domain of this account write to its own groups", () => {
    const policy = resourceOf(bare, "aws_cloudwatch_log_resource_policy");
    expect(policy.policy_name).toBe("gitana-test-search-logs");
    const [statement] = policyStatements(bare, policy.policy_document);
    expect(statement).toMatchObject({
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      principals: [{ type: "Service", identifiers: ["es.amazonaws.com"] }],
      condition: [
        { test: "StringEquals", variable: "aws:SourceAccount", values: [AWS.accountId] },
        { test: "ArnLike", variable: "aws:SourceArn", values: [DOMAIN_ARN] },
      ],
    });
    expect(statement.resources).toHaveLength(Object.keys(LOG_TYPES).length);
  });

  test("the service-linked role is created only when asked", () => {
    expect(resourcesOf(bare, "aws_iam_service_linked_role")).toEqual([]);
    expect(
      resourceOf(search({ createServiceLinkedRole: true }), "aws_iam_service_linked_role")
        .aws_service_name,
    ).toBe("opensearchservice.amazonaws.com");
  });

  test("preventDestroy becomes Terraform's prevent_destroy", () => {
    expect(domain().lifecycle).toEqual({ prevent_destroy: false });
    expect(resourceOf(search({ preventDestroy: true }), "aws_opensearch_domain").lifecycle).toEqual(
      {
        prevent_destroy: true,
      },
    );
  });

  test("refuses a domain name over OpenSearch's 28 characters, naming it", () => {
    expect(() => search({ namePrefix: "gitana-a-long-env-name" })).toThrow(
      'test/search: domain name "gitana-a-long-env-name-search" is 29 characters; OpenSearch allows 28',
    );
  });

  test("refuses a data node count that cannot spread evenly over the zones, saying what fits", () => {
    expect(() => search({ instanceCount: 4 })).toThrow(
      "test/search: instanceCount 4 cannot be spread evenly over 3 AZs; use 1 or a multiple of 3",
    );
  });
});

/** What only an env shows: its subnets, keys, node role and sizes wired into the domain. */
describe("an env's OpenSearch domain", () => {
  const prod = synthEnv("prod", prodInput());

  test("lives in the env's data subnets, one per zone", () => {
    expect(
      (resourceOf(prod, "aws_opensearch_domain").vpc_options as { subnet_ids: string[] })
        .subnet_ids,
    ).toEqual(
      ["eu-west-1a", "eu-west-1b", "eu-west-1c"].map((az) =>
        ref(prod, "aws_subnet", `_data-subnet-${az}_`, "id"),
      ),
    );
  });

  test("is encrypted with the data key, and the node role is its master user", () => {
    const domain = resourceOf(prod, "aws_opensearch_domain");
    expect(domain.encrypt_at_rest).toEqual({
      enabled: true,
      kms_key_id: ref(prod, "aws_kms_key", "data-key", "arn"),
    });
    expect(domain.advanced_security_options).toMatchObject({
      master_user_options: { master_user_arn: ref(prod, "aws_iam_role", "node-role", "arn") },
    });
  });

  test.each([
    ["prod", () => prodInput()],
    ["dev", () => devInput()],
  ])("%s: nodes, volumes and protection as its config says", (env, input) => {
    const config = input();
    const domain = resourceOf(synthEnv(env, config), "aws_opensearch_domain");
    expect(domain.cluster_config).toMatchObject({
      instance_type: config.openSearch.instanceType,
      instance_count: config.openSearch.instanceCount,
    });
    expect(domain.ebs_options).toMatchObject({ volume_size: config.openSearch.volumeSizeGb });
    expect(domain.lifecycle).toEqual({ prevent_destroy: config.protection?.preventDestroy });
  });

  test("the env's createServiceLinkedRole reaches the domain", () => {
    expect(resourcesOf(prod, "aws_iam_service_linked_role")).toEqual([]);
    const config = devInput();
    config.openSearch = { ...config.openSearch, createServiceLinkedRole: true };
    expect(resourcesOf(synthEnv("dev", config), "aws_iam_service_linked_role")).toHaveLength(1);
  });
});
