import { blocksOf, type ModuleJson } from "./module-json";

/**
 * What the AWS provider 6.0 upgrade guide changes, as rules over a module's Terraform JSON: an
 * argument removed from a resource, or an attribute that is gone or deprecated when referenced.
 * Source: hashicorp/terraform-provider-aws, website/docs/guides/version-6-upgrade.html.markdown
 * (read 2026-12-02). Only the sections about resource and data source types this project can
 * emit are encoded; `typesInGuide` lists every type the guide names, so a test sees when the
 * module starts emitting one not encoded here.
 */
interface Rule {
  readonly type: string;
  readonly kind: "resource" | "data";
  /** An argument written in the block, or an attribute read through a reference. */
  readonly argument?: string;
  readonly reference?: string;
  /** With `argument`: a finding only when its value (as text) matches. */
  readonly value?: RegExp;
  readonly guide: string;
}

export const PROVIDER_6_RULES: readonly Rule[] = [
  { kind: "resource", type: "aws_eip", argument: "vpc", guide: "vpc removed; use domain" },
  {
    kind: "resource",
    type: "aws_flow_log",
    argument: "log_group_name",
    guide: "removed; use log_destination",
  },
  {
    kind: "resource",
    type: "aws_ecs_task_definition",
    argument: "inference_accelerator",
    guide: "removed (Elastic Inference end of life)",
  },
  {
    kind: "resource",
    type: "aws_opensearch_domain",
    reference: "kibana_endpoint",
    guide: "removed; Dashboards at /_dashboards/ on endpoint",
  },
  {
    kind: "resource",
    type: "aws_lb_listener",
    argument: "mutual_authentication",
    guide: "trust store settings only with mode verify",
  },
  {
    kind: "resource",
    type: "aws_lb_target_group",
    argument: "preserve_client_ip",
    guide: 'only "", true or false (not 0/1)',
  },
  {
    kind: "resource",
    type: "aws_s3_bucket",
    reference: "region",
    guide: "region is now Enhanced Region Support; read bucket_region",
  },
  {
    kind: "data",
    type: "aws_region",
    reference: "name",
    guide: "name deprecated; use region (absent in 5.x: read id)",
  },
  {
    kind: "resource",
    type: "aws_elasticache_replication_group",
    argument: "auth_token",
    guide: "auth_token_update_strategy no longer has a default: set it with auth_token",
  },
  {
    kind: "resource",
    type: "aws_elasticache_replication_group",
    argument: "engine",
    value: /[A-Z]/,
    guide: "an uppercase engine is deprecated (refused in 7.0)",
  },
  {
    kind: "resource",
    type: "aws_elasticache_replication_group",
    argument: "at_rest_encryption_enabled",
    value: /^[01]$/,
    guide: 'only "", true or false (not 0/1)',
  },
  {
    kind: "resource",
    type: "aws_elasticache_replication_group",
    argument: "auto_minor_version_upgrade",
    value: /^[01]$/,
    guide: 'only "", true or false (not 0/1)',
  },
  {
    kind: "resource",
    type: "aws_wafv2_web_acl",
    argument: "aws_managed_rules_bot_control_rule_set",
    guide: "bot control's enable_machine_learning now defaults to false: set it explicitly",
  },
];

/** Every `resource`/`data` type the guide has a section on (its table of contents, 6.0.0). */
export const TYPES_IN_GUIDE: readonly string[] = [
  "aws_ami",
  "aws_batch_compute_environment",
  "aws_ecs_task_definition",
  "aws_ecs_task_execution",
  "aws_elbv2_listener_rule",
  "aws_globalaccelerator_accelerator",
  "aws_identitystore_group",
  "aws_identitystore_user",
  "aws_kms_secret",
  "aws_launch_template",
  "aws_opensearch_domain",
  "aws_opensearchserverless_security_config",
  "aws_quicksight_data_set",
  "aws_region",
  "aws_s3_bucket",
  "aws_service_discovery_service",
  "aws_servicequotas_templates",
  "aws_ssmincidents_replication_set",
  "aws_vpc_endpoint_service",
  "aws_vpc_peering_connection",
  "aws_accessanalyzer_archive_rule",
  "aws_alb_target_group",
  "aws_api_gateway_account",
  "aws_api_gateway_deployment",
  "aws_appflow_connector_profile",
  "aws_appflow_flow",
  "aws_batch_job_queue",
  "aws_bedrock_model_invocation_logging_configuration",
  "aws_cloudformation_stack_set_instance",
  "aws_cloudfront_key_value_store",
  "aws_cloudfront_response_headers_policy",
  "aws_cloudtrail_event_data_store",
  "aws_cognito_user_in_group",
  "aws_config_aggregate_authorization",
  "aws_db_instance",
  "aws_dms_endpoint",
  "aws_dx_gateway_association",
  "aws_dx_hosted_connection",
  "aws_ec2_spot_instance_fleet",
  "aws_eip",
  "aws_eks_addon",
  "aws_elasticache_cluster",
  "aws_elasticache_replication_group",
  "aws_elasticache_user",
  "aws_elasticache_user_group",
  "aws_evidently_feature",
  "aws_flow_log",
  "aws_guardduty_detector",
  "aws_guardduty_organization_configuration",
  "aws_imagebuilder_container_recipe",
  "aws_imagebuilder_image_recipe",
  "aws_instance",
  "aws_kinesis_analytics_application",
  "aws_lb_listener",
  "aws_lb_target_group",
  "aws_media_store_container",
  "aws_media_store_container_policy",
  "aws_mq_broker",
  "aws_networkmanager_core_network",
  "aws_paymentcryptography_key",
  "aws_redshift_cluster",
  "aws_redshift_service_account",
  "aws_rekognition_stream_processor",
  "aws_resiliencehub_resiliency_policy",
  "aws_sagemaker_image_version",
  "aws_sagemaker_notebook_instance",
  "aws_servicequotas_template",
  "aws_spot_instance_request",
  "aws_ssm_association",
  "aws_verifiedpermissions_schema",
  "aws_wafv2_web_acl",
];

/** The module's types the guide has a section on but no rule here covers: to read and encode. */
export function unreviewedTypes(json: ModuleJson): string[] {
  const covered = new Set(PROVIDER_6_RULES.map((r) => r.type));
  const emitted = new Set(blocksOf(json).map((b) => b.type));
  return TYPES_IN_GUIDE.filter((t) => emitted.has(t) && !covered.has(t)).sort();
}

/** Each place the module uses what 6.0 removes or deprecates, as `<address>: <rule>`. */
export function provider6Findings(json: ModuleJson): string[] {
  const text = JSON.stringify(json);
  const findings: string[] = [];
  for (const rule of PROVIDER_6_RULES) {
    for (const b of blocksOf(json).filter((x) => x.type === rule.type && x.kind === rule.kind)) {
      const at = `${rule.kind === "data" ? "data." : ""}${b.type}.${b.name}`;
      const set = rule.argument ? valuesOf(b.block, rule.argument) : [];
      if (set.some((v) => !rule.value || rule.value.test(String(v))))
        findings.push(`${at} sets ${rule.argument}: ${rule.guide}`);
      if (
        rule.reference &&
        new RegExp(`${at.replace(/[.-]/g, "\\$&")}(\\[[^\\]]*\\])?\\.${rule.reference}\\b`).test(
          text,
        )
      )
        findings.push(`${at}.${rule.reference} is read: ${rule.guide}`);
    }
  }
  return findings;
}

/** Every value of `key` anywhere in a block (nested blocks included). */
function valuesOf(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuesOf(v, key));
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(k === key ? [v] : []),
    ...valuesOf(v, key),
  ]);
}
