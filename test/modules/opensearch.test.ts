import { devInput, prodInput } from "../helpers/configs";
import { policyStatements, ref, resourceOf, resourcesOf, synthEnv } from "../helpers/synth";

const prod = synthEnv("prod", prodInput());
const dev = synthEnv("dev", devInput());
const domainArn = "arn:aws:es:eu-west-1:111122223333:domain/gitana-prod-search";
const nodeRole = ref(prod, "aws_iam_role", "node-role", "arn");

describe("OpenSearchDomain", () => {
  test("prod: three data nodes with zone awareness over three AZs and three dedicated masters (Opensearch.6)", () => {
    expect(resourceOf(prod, "aws_opensearch_domain")).toMatchObject({
      domain_name: "gitana-prod-search",
      engine_version: "OpenSearch_2.19",
      cluster_config: {
        instance_type: "r7g.large.search",
        instance_count: 3,
        zone_awareness_enabled: true,
        zone_awareness_config: { availability_zone_count: 3 },
        dedicated_master_enabled: true,
        dedicated_master_type: "m7g.large.search",
        dedicated_master_count: 3,
      },
      vpc_options: {
        subnet_ids: ["eu-west-1a", "eu-west-1b", "eu-west-1c"].map((az) =>
          ref(prod, "aws_subnet", `_data-subnet-${az}_`, "id"),
        ),
        security_group_ids: [ref(prod, "aws_security_group", "opensearch", "id")],
      },
      ebs_options: { ebs_enabled: true, volume_type: "gp3", volume_size: 200 },
      lifecycle: { prevent_destroy: true },
    });
  });

  test("dev: one node in the first data subnet, no zone awareness, no dedicated masters", () => {
    const domain = resourceOf(dev, "aws_opensearch_domain");
    expect(domain.cluster_config).toEqual({
      instance_type: "t3.medium.search",
      instance_count: 1,
      zone_awareness_enabled: false,
      dedicated_master_enabled: false,
    });
    expect(domain.vpc_options).toMatchObject({
      subnet_ids: [ref(dev, "aws_subnet", "_data-subnet-eu-west-1a_", "id")],
    });
  });

  test("encrypts at rest with the data key and between nodes, and serves HTTPS with TLS 1.2+ only (Opensearch.1/.3/.8)", () => {
    expect(resourceOf(prod, "aws_opensearch_domain")).toMatchObject({
      encrypt_at_rest: { enabled: true, kms_key_id: ref(prod, "aws_kms_key", "data-key", "arn") },
      node_to_node_encryption: { enabled: true },
      domain_endpoint_options: {
        enforce_https: true,
        tls_security_policy: "Policy-Min-TLS-1-2-PFS-2023-10",
      },
    });
  });

  test("fine-grained access control maps the node role to the master user; no internal users, no anonymous access (Opensearch.7)", () => {
    expect(resourceOf(prod, "aws_opensearch_domain").advanced_security_options).toEqual({
      enabled: true,
      anonymous_auth_enabled: false,
      internal_user_database_enabled: false,
      master_user_options: { master_user_arn: nodeRole },
    });
  });

  test("the domain access policy admits only the node role", () => {
    expect(
      policyStatements(prod, resourceOf(prod, "aws_opensearch_domain").access_policies),
    ).toEqual([
      {
        sid: "OnlyTheGitanaNodeRole",
        actions: ["es:ESHttp*"],
        resources: [`${domainArn}/*`],
        principals: [{ type: "AWS", identifiers: [nodeRole] }],
      },
    ]);
  });

  test("publishes application, audit and slow logs to KMS-encrypted groups (Opensearch.4/.5)", () => {
    const suffixes = {
      ES_APPLICATION_LOGS: "application",
      AUDIT_LOGS: "audit",
      INDEX_SLOW_LOGS: "index-slow",
      SEARCH_SLOW_LOGS: "search-slow",
    };
    expect(resourceOf(prod, "aws_opensearch_domain").log_publishing_options).toEqual(
      Object.entries(suffixes).map(([logType, suffix]) => ({
        log_type: logType,
        cloudwatch_log_group_arn: ref(
          prod,
          "aws_cloudwatch_log_group",
          `opensearch_${suffix}-log-group`,
          "arn",
        ),
        enabled: true,
      })),
    );
    for (const suffix of Object.values(suffixes)) {
      expect(
        resourceOf(prod, "aws_cloudwatch_log_group", `opensearch_${suffix}-log-group`),
      ).toMatchObject({
        name: `/aws/opensearch/gitana-prod-search/${suffix}`,
        retention_in_days: 400,
        kms_key_id: ref(prod, "aws_kms_key", "logs-key", "arn"),
      });
    }
  });

  test("the log resource policy lets only this domain write to its own groups", () => {
    const policy = resourceOf(prod, "aws_cloudwatch_log_resource_policy");
    expect(policy.policy_name).toBe("gitana-prod-search-logs");
    const [statement] = policyStatements(prod, policy.policy_document);
    expect(statement).toMatchObject({
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      principals: [{ type: "Service", identifiers: ["es.amazonaws.com"] }],
      condition: [
        { test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] },
        { test: "ArnLike", variable: "aws:SourceArn", values: [domainArn] },
      ],
    });
    expect(statement.resources).toHaveLength(4);
  });

  test("the service-linked role is created only when the env asks", () => {
    expect(resourcesOf(prod, "aws_iam_service_linked_role")).toEqual([]);
    const config = devInput();
    config.openSearch = { ...config.openSearch, createServiceLinkedRole: true };
    expect(
      resourceOf(synthEnv("dev", config), "aws_iam_service_linked_role").aws_service_name,
    ).toBe("opensearchservice.amazonaws.com");
  });
});
