import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { PUBLIC_SERVICES } from "../ecs";
import { GitanaNetwork } from "../network";
import { GITANA_SECRETS, type GitanaSecretName } from "../secrets";
import type { GitanaPlatform } from "./index";

interface Output {
  readonly value: unknown;
  readonly description: string;
}

/**
 * Stack outputs under fixed names, for `terraform output` and for other estates reading this
 * state with `terraform_remote_state`. The names are an interface: renaming one breaks readers.
 */
export function exportPlatformOutputs(scope: Construct, platform: GitanaPlatform): void {
  const outputs = {
    ...networkOutputs(platform),
    ...dataOutputs(platform),
    ...sessionStoreOutputs(platform),
    ...identityOutputs(platform),
    ...computeOutputs(platform),
  };
  for (const [name, output] of Object.entries(outputs)) {
    new TerraformOutput(scope, name, output).overrideLogicalId(name);
  }
}

function networkOutputs({ network }: GitanaPlatform): Record<string, Output> {
  return {
    vpc_id: { value: network.vpcId, description: "ID of the VPC" },
    vpc_cidr: { value: network.vpcCidr, description: "IPv4 CIDR of the VPC" },
    availability_zones: {
      value: network.availabilityZones,
      description: "The three AZs, in subnet order",
    },
    public_subnet_ids: {
      value: network.subnetIds.public,
      description: "Public subnets (ALBs, NAT gateways), in AZ order",
    },
    private_subnet_ids: {
      value: network.subnetIds.private,
      description: "Private subnets (Fargate tasks), in AZ order",
    },
    data_subnet_ids: {
      value: network.subnetIds.data,
      description: "Isolated data subnets (DocumentDB, OpenSearch), in AZ order",
    },
    // The rest exists only when this project made the network.
    ...(network instanceof GitanaNetwork ? createdNetworkOutputs(network) : {}),
  };
}

function createdNetworkOutputs(network: GitanaNetwork): Record<string, Output> {
  return {
    public_route_table_id: {
      value: network.publicRouteTableId,
      description: "Route table of the public subnets",
    },
    private_route_table_ids: {
      value: network.privateRouteTableIds,
      description: "Route tables of the private subnets, in AZ order",
    },
    data_route_table_id: {
      value: network.dataRouteTableId,
      description: "Route table of the data subnets (VPC-local only)",
    },
    nat_public_ips: {
      value: network.natPublicIps,
      description: "Egress IPs of the NAT gateways, for allow-lists elsewhere",
    },
    flow_log_group_name: {
      value: network.flowLogGroupName,
      description: "CloudWatch log group of the VPC flow logs",
    },
  };
}

function dataOutputs({
  storage,
  documentDb,
  openSearch,
  messaging,
}: GitanaPlatform): Record<string, Output> {
  return {
    binary_bucket_name: {
      value: storage.binaryBucket.bucketName,
      description: "S3 bucket of Gitana's binary attachments",
    },
    config_bucket_name: {
      value: storage.configBucket.bucketName,
      description: "S3 bucket of the config files synced into /gitana",
    },
    access_log_bucket_name: {
      value: storage.accessLogBucket.bucketName,
      description: "S3 bucket receiving S3 and ALB access logs",
    },
    documentdb_endpoint: {
      value: documentDb.endpoint,
      description: "DocumentDB cluster (writer) endpoint",
    },
    documentdb_reader_endpoint: {
      value: documentDb.readerEndpoint,
      description: "DocumentDB reader endpoint",
    },
    documentdb_port: { value: documentDb.port, description: "DocumentDB port" },
    documentdb_master_secret_arn: {
      value: documentDb.masterUserSecretArn,
      description:
        "AWS-managed secret with the DocumentDB master username and password (JSON keys username, password)",
    },
    documentdb_security_group_id: {
      value: documentDb.securityGroupId,
      description: "Security group of DocumentDB",
    },
    opensearch_endpoint: {
      value: openSearch.endpoint,
      description: "OpenSearch domain endpoint (HTTPS, 443)",
    },
    opensearch_domain_name: { value: openSearch.domainName, description: "OpenSearch domain name" },
    opensearch_domain_arn: { value: openSearch.domainArn, description: "OpenSearch domain ARN" },
    opensearch_security_group_id: {
      value: openSearch.securityGroupId,
      description: "Security group of OpenSearch",
    },
    notification_topic_arn: {
      value: messaging.topicArn,
      description: "SNS topic the API server publishes to",
    },
    notification_queue_url: {
      value: messaging.queueUrl,
      description: "SQS queue the UI server polls",
    },
    notification_queue_arn: {
      value: messaging.queueArn,
      description: "ARN of the notification queue",
    },
    notification_dlq_arn: {
      value: messaging.deadLetterQueueArn,
      description: "Dead-letter queue of the notification queue",
    },
  };
}

/** Only where the env has a session store (the ui can run more than one task). */
function sessionStoreOutputs({ sessionStore }: GitanaPlatform): Record<string, Output> {
  if (!sessionStore) return {};
  return {
    session_store_endpoint: {
      value: sessionStore.primaryEndpoint,
      description:
        "Primary endpoint of the ui session store (Valkey, TLS required; follows failover)",
    },
    session_store_port: { value: sessionStore.port, description: "Port of the ui session store" },
    session_store_replication_group_id: {
      value: sessionStore.replicationGroupId,
      description: "ElastiCache replication group of the ui session store",
    },
    session_store_security_group_id: {
      value: sessionStore.securityGroupId,
      description: "Security group of the ui session store",
    },
    session_store_log_group_name: {
      value: sessionStore.logGroupName,
      description: "CloudWatch log group of the session store's slow and engine logs",
    },
  };
}

function identityOutputs({ roles, keys, secrets }: GitanaPlatform): Record<string, Output> {
  const secretArns = Object.fromEntries(
    (Object.keys(GITANA_SECRETS) as GitanaSecretName[]).map((name) => [
      GITANA_SECRETS[name].suffix,
      secrets.secretArns[name],
    ]),
  );
  return {
    task_execution_role_arn: {
      value: roles.executionRole.roleArn,
      description: "ARN of the ecsTaskExecutionRole",
    },
    task_node_role_arn: {
      value: roles.nodeRole.roleArn,
      description: "ARN of the ecsTaskNodeRole (the API servers' role)",
    },
    task_ui_role_arn: {
      value: roles.uiRole.roleArn,
      description: "ARN of the UI server's task role",
    },
    task_antivirus_role_arn: {
      value: roles.antivirusRole.roleArn,
      description: "ARN of the antivirus and ClamAV task role",
    },
    secret_arns: {
      value: secretArns,
      description: "Secrets Manager ARNs of Gitana's secrets, by name",
    },
    logs_kms_key_arn: {
      value: keys.logs.keyArn,
      description: "KMS key of the env's CloudWatch log groups",
    },
    data_kms_key_arn: {
      value: keys.data.keyArn,
      description: "KMS key of S3, DocumentDB and OpenSearch",
    },
    messaging_kms_key_arn: {
      value: keys.messaging.keyArn,
      description: "KMS key of the SNS topic and SQS queues",
    },
    secrets_kms_key_arn: {
      value: keys.secrets.keyArn,
      description: "KMS key of the Secrets Manager secrets",
    },
  };
}

function computeOutputs({ compute, alarms }: GitanaPlatform): Record<string, Output> {
  const byService = <T>(
    pick: (service: (typeof compute.services)[keyof typeof compute.services]) => T,
  ) => Object.fromEntries(Object.values(compute.services).map((s) => [s.serviceName, pick(s)]));
  const byPublicService = <T>(
    pick: (lb: (typeof compute.loadBalancers)[keyof typeof compute.loadBalancers]) => T,
  ) => Object.fromEntries(PUBLIC_SERVICES.map((s) => [s, pick(compute.loadBalancers[s])]));
  return {
    urls: {
      value: compute.urls,
      description: "Public URLs of api and ui (https with a domain, else the ALB's http name)",
    },
    ecs_cluster_name: { value: compute.cluster.clusterName, description: "ECS cluster name" },
    ecs_cluster_arn: { value: compute.cluster.clusterArn, description: "ECS cluster ARN" },
    alarm_topic_arn: {
      value: alarms.topicArn,
      description: "SNS topic every CloudWatch alarm of the env notifies (subscribe your pager)",
    },
    secret_restart_state_machine_arn: {
      value: compute.secretRestarts.stateMachineArn,
      description: "State machine that restarts a service when a secret it reads changes",
    },
    ecs_service_names: {
      value: byService((s) => s.serviceName),
      description: "ECS service names, by service",
    },
    service_connect_namespace_arn: {
      value: compute.cluster.namespaceArn,
      description: "ARN of the Cloud Map namespace of Service Connect",
    },
    service_security_group_ids: {
      value: byService((s) => s.securityGroupId),
      description: "Security group of each service's tasks",
    },
    service_log_groups: {
      value: byService((s) => s.logGroupName),
      description: "CloudWatch log group of each service",
    },
    load_balancer_dns_names: {
      value: byPublicService((lb) => lb.dnsName),
      description: "DNS names of the api and ui load balancers",
    },
    load_balancer_zone_ids: {
      value: byPublicService((lb) => lb.zoneId),
      description: "Route 53 zone ids of the load balancers, for alias records",
    },
    load_balancer_arns: {
      value: byPublicService((lb) => lb.arn),
      description: "ARNs of the load balancers (e.g. for WAF)",
    },
    load_balancer_security_group_ids: {
      value: byPublicService((lb) => lb.securityGroupId),
      description: "Security groups of the load balancers",
    },
  };
}
