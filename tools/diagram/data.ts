/** Data stores, buckets, secrets and keys: the nodes services reach over the network or IAM. */
import { built, shortNames, type Built } from "./built";
import type { Network } from "./network";
import { referencedAddress, references, type Resources } from "../../synthesized/resources";
import { block, literal, type Attrs } from "../../synthesized/stack-json";

export function documentDbNodes(stack: Resources, network: Network): Built[] {
  const subnetGroups = new Map(
    stack.ofType("aws_docdb_subnet_group").map((r) => [r.address, r.attrs]),
  );
  const instances = stack.ofType("aws_docdb_cluster_instance");
  return stack.ofType("aws_docdb_cluster").map(({ address, attrs }) => {
    const name = literal(attrs.cluster_identifier) ?? address;
    const own = instances.filter((i) => referencedAddress(i.attrs.cluster_identifier) === address);
    const classes = [...new Set(own.map((i) => literal(i.attrs.instance_class) ?? "?"))].sort();
    return built(
      {
        id: `docdb:${name}`,
        kind: "docdb",
        title: "DocumentDB",
        details: [name, `${own.length} × ${classes.join(", ")}`],
        placement: network.placementOf(
          subnetGroups.get(referencedAddress(attrs.db_subnet_group_name) ?? "")?.subnet_ids,
        ),
      },
      [address],
      { securityGroups: references(attrs.vpc_security_group_ids).map((ref) => ref.address) },
    );
  });
}

export function openSearchNodes(stack: Resources, network: Network): Built[] {
  return stack.ofType("aws_opensearch_domain").map(({ address, attrs }) => {
    const name = literal(attrs.domain_name) ?? address;
    const cluster = block(attrs.cluster_config) ?? {};
    const vpc = block(attrs.vpc_options);
    const masters =
      cluster.dedicated_master_enabled === true
        ? ` + ${cluster.dedicated_master_count} masters`
        : "";
    return built(
      {
        id: `opensearch:${name}`,
        kind: "opensearch",
        title: "OpenSearch",
        details: [name, `${cluster.instance_count ?? 1} × ${cluster.instance_type}${masters}`],
        placement: vpc ? network.placementOf(vpc.subnet_ids) : "region",
      },
      [address],
      {
        securityGroups: references(vpc?.security_group_ids).map((ref) => ref.address),
        arn: { service: "es", name },
      },
    );
  });
}

/** ElastiCache replication groups (the ui session store): engine, version and nodes. */
export function cacheNodes(stack: Resources, network: Network): Built[] {
  const subnetGroups = new Map(
    stack.ofType("aws_elasticache_subnet_group").map((r) => [r.address, r.attrs]),
  );
  return stack.ofType("aws_elasticache_replication_group").map(({ address, attrs }) => {
    const name = literal(attrs.replication_group_id) ?? address;
    const engine = literal(attrs.engine) === "valkey" ? "Valkey" : "Redis OSS";
    const nodes = Number(attrs.num_cache_clusters ?? 1);
    const failover = attrs.automatic_failover_enabled === true ? ", failover" : "";
    return built(
      {
        id: `cache:${name}`,
        kind: "cache",
        title: `ElastiCache ${engine} ${literal(attrs.engine_version) ?? ""}`.trim(),
        details: [name, `${nodes} × ${literal(attrs.node_type) ?? "?"}${failover}`],
        placement: network.placementOf(
          subnetGroups.get(referencedAddress(attrs.subnet_group_name) ?? "")?.subnet_ids,
        ),
      },
      [address],
      { securityGroups: references(attrs.security_group_ids).map((ref) => ref.address) },
    );
  });
}

export function bucketNodes(stack: Resources): Built[] {
  return stack.ofType("aws_s3_bucket").map(({ address, attrs }) => {
    const name = literal(attrs.bucket) ?? literal(attrs.bucket_prefix) ?? address;
    // Log delivery is granted by bucket policy, not by a role: said in the label rather than as
    // lines from every load balancer and bucket (tried: they only cluttered the picture).
    const logsOf = [
      ["load balancers", "aws_lb", (a: Attrs) => block(a.access_logs)?.bucket],
      ["buckets", "aws_s3_bucket_logging", (a: Attrs) => a.target_bucket],
    ] as const;
    const sources = logsOf
      .filter(([, type, bucket]) =>
        stack.ofType(type).some((r) => referencedAddress(bucket(r.attrs)) === address),
      )
      .map(([what]) => what);
    return built(
      {
        id: `s3:${name}`,
        kind: "bucket",
        title: "S3 bucket",
        details: sources.length ? [name, `access logs of ${sources.join(" and ")}`] : [name],
        placement: "region",
      },
      [address],
      { arn: { service: "s3", name } },
    );
  });
}

/**
 * All secrets as one node: which service reads which secret is in the task definitions; on the
 * picture "this service gets secrets" is what matters. DocumentDB's AWS-managed master secret is
 * part of it, since tasks read it the same way.
 */
export function secretsNode(stack: Resources): Built | undefined {
  const secrets = stack.ofType("aws_secretsmanager_secret");
  const managed = stack
    .ofType("aws_docdb_cluster")
    .filter((c) => c.attrs.manage_master_user_password === true);
  if (secrets.length + managed.length === 0) return undefined;
  const names = shortNames(secrets.map((s) => literal(s.attrs.name) ?? s.address).sort());
  const details = [
    ...(names.prefix ? [`${names.prefix}…`] : []),
    ...names.rest,
    ...managed.map(() => "DocumentDB master (managed)"),
  ];
  return built(
    { id: "secrets", kind: "secrets", title: "Secrets Manager", details, placement: "region" },
    secrets.map((s) => s.address),
    { arn: { service: "secretsmanager", name: names.prefix } },
  );
}

/** The customer-managed keys, by alias. No edges: every grant uses a key only through a service. */
export function kmsNode(stack: Resources): Built | undefined {
  const keys = stack.ofType("aws_kms_key");
  if (keys.length === 0) return undefined;
  const aliases = stack.ofType("aws_kms_alias").map((a) => literal(a.attrs.name) ?? "?");
  const names = shortNames(aliases.sort());
  return built(
    {
      id: "kms",
      kind: "kms",
      title: keys.length === 1 ? "KMS key" : `KMS keys ×${keys.length}`,
      details: names.rest.length ? [names.rest.join(", ")] : [],
      placement: "region",
    },
    keys.map((k) => k.address),
  );
}
