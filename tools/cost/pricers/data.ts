import { formatQuantity, monthly, plural, type LineItem, type Pricer } from "../pricer";
import { refersTo } from "../../../synthesized/resources";
import { block, num } from "../../../synthesized/stack-json";

/**
 * DocumentDB: instances by the hour at their class's price; per cluster, the storage, I/Os and
 * backup storage beyond the free 100% of the cluster's size (assumptions). I/O-Optimized clusters
 * have other prices, which the table does not hold.
 */
export const documentDb: Pricer = {
  types: ["aws_docdb_cluster", "aws_docdb_cluster_instance"],
  price(ctx) {
    const items: LineItem[] = [];
    const p = ctx.prices.documentdb;
    for (const cluster of ctx.stack.ofType("aws_docdb_cluster")) {
      const id =
        typeof cluster.attrs.cluster_identifier === "string"
          ? cluster.attrs.cluster_identifier
          : cluster.name;
      const instances = ctx.stack
        .ofType("aws_docdb_cluster_instance")
        .filter((i) => refersTo(i.attrs.cluster_identifier, cluster));
      if (cluster.attrs.storage_type === "iopt1") {
        const reason = "I/O-Optimized storage has no price in the table";
        for (const resource of [cluster, ...instances]) ctx.unpriced(resource, reason);
        continue;
      }
      const byClass = new Map<string, number>();
      for (const instance of instances) {
        const cls = String(instance.attrs.instance_class);
        if (p.instanceHour[cls] === undefined) {
          ctx.unpriced(instance, `no price for instance class ${cls}`);
          continue;
        }
        byClass.set(cls, (byClass.get(cls) ?? 0) + 1);
      }
      for (const [cls, count] of byClass) {
        items.push({
          component: "DocumentDB",
          what: `${id}: ${plural(count, `${cls} instance`)}`,
          monthlyUsd: count * monthly(ctx, p.instanceHour[cls].usd),
        });
      }
      const gb = ctx.assume("docdbStorageGb");
      const io = ctx.assume("docdbIoMillions");
      const backup = ctx.assume("docdbBackupGbBeyondFree");
      items.push({
        component: "DocumentDB",
        what: `${id}: ${formatQuantity(gb)} GB storage, ${formatQuantity(io)} M I/Os, ${formatQuantity(backup)} GB extra backup (assumed)`,
        monthlyUsd:
          gb * p.storageGbMonth.usd + io * p.ioPerMillion.usd + backup * p.backupGbMonth.usd,
      });
    }
    for (const orphan of ctx.stack.ofType("aws_docdb_cluster_instance")) {
      if (
        !ctx.stack
          .ofType("aws_docdb_cluster")
          .some((c) => refersTo(orphan.attrs.cluster_identifier, c))
      ) {
        ctx.unpriced(orphan, "its cluster is not a resource of this stack");
      }
    }
    return items;
  },
};

/**
 * OpenSearch: data nodes and dedicated masters by the hour, and each data node's gp3 volume by
 * the GB-month. UltraWarm, other volume types and gp3 performance above the included baseline
 * have no price in the table.
 */
export const openSearch: Pricer = {
  types: ["aws_opensearch_domain"],
  price(ctx) {
    const items: LineItem[] = [];
    const p = ctx.prices.opensearch;
    for (const domain of ctx.stack.ofType("aws_opensearch_domain")) {
      const name =
        typeof domain.attrs.domain_name === "string" ? domain.attrs.domain_name : domain.name;
      const cluster = block(domain.attrs.cluster_config) ?? {};
      const ebs = block(domain.attrs.ebs_options);
      const dataType = String(cluster.instance_type);
      const dataCount = num(cluster.instance_count) ?? 1;
      const masters = cluster.dedicated_master_enabled === true;
      const masterType = String(cluster.dedicated_master_type);
      const masterCount = num(cluster.dedicated_master_count) ?? 3;
      const problem =
        p.instanceHour[dataType] === undefined
          ? `no price for instance type ${dataType}`
          : masters && p.instanceHour[masterType] === undefined
            ? `no price for instance type ${masterType}`
            : cluster.warm_enabled === true
              ? "UltraWarm nodes have no price in the table"
              : ebs?.ebs_enabled === true && ebs.volume_type !== "gp3"
                ? `${String(ebs.volume_type)} volumes have no price in the table`
                : (num(ebs?.iops) ?? 0) > 3000 || (num(ebs?.throughput) ?? 0) > 125
                  ? "gp3 IOPS or throughput above the included baseline has no price in the table"
                  : undefined;
      if (problem !== undefined) {
        ctx.unpriced(domain, problem);
        continue;
      }
      items.push({
        component: "OpenSearch",
        what: `${name}: ${plural(dataCount, `${dataType} data node`)}`,
        monthlyUsd: dataCount * monthly(ctx, p.instanceHour[dataType].usd),
      });
      if (masters) {
        items.push({
          component: "OpenSearch",
          what: `${name}: ${plural(masterCount, `${masterType} dedicated master`)}`,
          monthlyUsd: masterCount * monthly(ctx, p.instanceHour[masterType].usd),
        });
      }
      if (ebs?.ebs_enabled === true) {
        const gb = (num(ebs.volume_size) ?? 0) * dataCount;
        items.push({
          component: "OpenSearch",
          what: `${name}: ${formatQuantity(gb)} GB gp3 (${formatQuantity(num(ebs.volume_size) ?? 0)} GB × ${plural(dataCount, "data node")})`,
          monthlyUsd: gb * p.gp3GbMonth.usd,
        });
      }
    }
    return items;
  },
};

/**
 * ElastiCache replication groups (the ui session store): every node by the hour at its type's
 * Valkey price. Snapshot storage is left out: one snapshot per group is free and a session store
 * holds megabytes. Redis OSS and Memcached have no price in the table.
 */
export const elastiCache: Pricer = {
  types: ["aws_elasticache_replication_group"],
  price(ctx) {
    const items: LineItem[] = [];
    const p = ctx.prices.elasticache.valkeyNodeHour;
    for (const group of ctx.stack.ofType("aws_elasticache_replication_group")) {
      const id =
        typeof group.attrs.replication_group_id === "string"
          ? group.attrs.replication_group_id
          : group.name;
      const nodeType = String(group.attrs.node_type);
      const nodes = num(group.attrs.num_cache_clusters) ?? 1;
      if (group.attrs.engine !== "valkey") {
        ctx.unpriced(group, `engine ${String(group.attrs.engine)} has no price in the table`);
      } else if (p[nodeType] === undefined) {
        ctx.unpriced(group, `no price for node type ${nodeType}`);
      } else {
        items.push({
          component: "ElastiCache",
          what: `${id}: ${plural(nodes, `${nodeType} node`)}`,
          monthlyUsd: nodes * monthly(ctx, p[nodeType].usd),
        });
      }
    }
    return items;
  },
};

/** On-demand DynamoDB tables: requests and storage (assumptions), and PITR on that storage. */
export const dynamoDb: Pricer = {
  types: ["aws_dynamodb_table"],
  price(ctx) {
    const items: LineItem[] = [];
    const p = ctx.prices.dynamodb;
    for (const table of ctx.stack.ofType("aws_dynamodb_table")) {
      if (table.attrs.billing_mode !== "PAY_PER_REQUEST") {
        ctx.unpriced(table, "provisioned capacity has no price in the table");
        continue;
      }
      const name = typeof table.attrs.name === "string" ? table.attrs.name : table.name;
      const writes = ctx.assume("dynamodbWriteRequestUnitsMillions");
      const reads = ctx.assume("dynamodbReadRequestUnitsMillions");
      const gb = ctx.assume("dynamodbStorageGb");
      const pitr = block(table.attrs.point_in_time_recovery)?.enabled === true;
      items.push({
        component: "DynamoDB",
        what: `${name}: ${formatQuantity(writes)} M writes, ${formatQuantity(reads)} M reads, ${formatQuantity(gb)} GB${pitr ? " + PITR" : ""} (assumed)`,
        monthlyUsd:
          writes * p.writeRequestUnitsPerMillion.usd +
          reads * p.readRequestUnitsPerMillion.usd +
          gb * (p.storageGbMonth.usd + (pitr ? p.pitrGbMonth.usd : 0)),
      });
    }
    return items;
  },
};

/** S3 Standard storage of all buckets together (an assumption); objects are part of it. */
export const s3: Pricer = {
  types: ["aws_s3_bucket", "aws_s3_object"],
  price(ctx) {
    const buckets = ctx.stack.ofType("aws_s3_bucket").length;
    if (buckets === 0) return [];
    const gb = ctx.assume("s3StoredGb");
    return [
      {
        component: "S3",
        what: `${plural(buckets, "bucket")}, ${formatQuantity(gb)} GB Standard (assumed)`,
        monthlyUsd: gb * ctx.prices.s3.standardGbMonth.usd,
      },
    ];
  },
};
