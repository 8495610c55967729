/** Resource types whose loss loses data: Terraform must never be allowed to destroy them casually. */
export const STATEFUL_TYPES = [
  "aws_docdb_cluster",
  "aws_opensearch_domain",
  "aws_s3_bucket",
  "aws_kms_key",
  "aws_dynamodb_table",
  // Sessions, caches and locks: lost, every ui user is logged out.
  "aws_elasticache_replication_group",
];
