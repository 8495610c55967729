import { API_JAVA_OPTS } from "../../constructs/ecs/gitana-containers";
import { devInput, prodInput } from "../helpers/configs";
import {
  address,
  containerDefinitions,
  ref,
  resourceOf,
  resourcesOf,
  rolePolicies,
  synthEnv,
  type StackJson,
} from "../helpers/synth";

const prod = synthEnv("prod", prodInput());
const dev = synthEnv("dev", devInput());
const SERVICES = ["api", "api-worker", "ui", "av", "clamav"];

function containers(stack: StackJson, service: string): Record<string, Record<string, unknown>> {
  return Object.fromEntries(containerDefinitions(stack, service).map((c) => [c.name as string, c]));
}
function main(stack: StackJson, service: string): Record<string, unknown> {
  return Object.values(containers(stack, service)).find((c) => c.name !== "init") as Record<
    string,
    unknown
  >;
}
function names(list: unknown): string[] {
  return (list as { name: string }[]).map((e) => e.name);
}
function ecsService(stack: StackJson, service: string): Record<string, unknown> {
  return resourceOf(stack, "aws_ecs_service", `compute_${service}_service`);
}
const docdbSecret =
  "${aws_docdb_cluster.gitana_documentdb_cluster_9B960EF6.master_user_secret[0].secret_arn}";

describe("ECS cluster", () => {
  test("has Container Insights and Service Connect's namespace as its default", () => {
    expect(resourceOf(prod, "aws_ecs_cluster")).toMatchObject({
      name: "gitana-prod",
      setting: [{ name: "containerInsights", value: "enabled" }],
      service_connect_defaults: {
        namespace: ref(prod, "aws_service_discovery_http_namespace", "namespace", "arn"),
      },
    });
    expect(resourceOf(prod, "aws_service_discovery_http_namespace").name).toBe(
      "gitana-prod.gitana.internal",
    );
  });

  test("offers Fargate and Fargate Spot", () => {
    expect(resourceOf(prod, "aws_ecs_cluster_capacity_providers")).toMatchObject({
      capacity_providers: ["FARGATE", "FARGATE_SPOT"],
      default_capacity_provider_strategy: [{ capacity_provider: "FARGATE", weight: 1 }],
    });
  });
});

describe("task definitions", () => {
  test.each([
    ["api", "1024", "4096"],
    ["api-worker", "2048", "8192"],
    ["ui", "1024", "2048"],
    ["av", "1024", "2048"],
    ["clamav", "1024", "3072"],
  ])("%s: sized per env (%s CPU, %s MiB in prod)", (service, cpu, memory) => {
    expect(resourceOf(prod, "aws_ecs_task_definition", `compute_${service}_`)).toMatchObject({
      cpu,
      memory,
    });
  });

  test.each(["api", "api-worker", "ui"])(
    "%s: the init container syncs config/ into /gitana before the main container starts",
    (service) => {
      const all = containers(prod, service);
      expect(all.init).toMatchObject({
        image: "public.ecr.aws/aws-cli/aws-cli:2.22.35",
        essential: false,
        command: [
          "s3",
          "sync",
          "--delete",
          "--only-show-errors",
          `s3://${ref(prod, "aws_s3_bucket", "storage_config", "bucket")}/config`,
          "/gitana",
        ],
        mountPoints: [{ sourceVolume: "gitana", containerPath: "/gitana" }],
        readonlyRootFilesystem: true,
      });
      expect(main(prod, service)).toMatchObject({
        essential: true,
        dependsOn: [{ containerName: "init", condition: "SUCCESS" }],
        mountPoints: [{ sourceVolume: "gitana", containerPath: "/gitana" }],
      });
      expect(resourceOf(prod, "aws_ecs_task_definition", `compute_${service}_`).volume).toEqual([
        { name: "gitana" },
      ]);
    },
  );

  test.each(["av", "clamav"])("%s: no init container and no volume", (service) => {
    expect(Object.keys(containers(prod, service))).toHaveLength(1);
    expect(
      resourceOf(prod, "aws_ecs_task_definition", `compute_${service}_`).volume,
    ).toBeUndefined();
  });

  test.each([
    ["api", "false"],
    ["api-worker", "true"],
  ])(
    "%s: the API server on 8080 (http) and 5800 (cluster), job dispatcher %s",
    (service, jobDispatcher) => {
      expect(main(prod, service)).toMatchObject({
        name: "cloudcms-api-server",
        image: "444455556666.dkr.ecr.eu-west-1.amazonaws.com/cloudcms/api-server:3.2.84-arm64",
        portMappings: [
          { name: "http", containerPort: 8080, protocol: "tcp", appProtocol: "http" },
          { name: "cluster", containerPort: 5800, protocol: "tcp" },
        ],
        environment: [
          { name: "GITANA_API_PUBLIC_URL", value: "https://api.cms.example.com" },
          { name: "GITANA_CONFIG_SHA256", value: expect.stringMatching(/^\$\{sha256\(/) },
          { name: "GITANA_JOBDISPATCHER_ENABLED", value: jobDispatcher },
          { name: "JAVA_OPTS", value: API_JAVA_OPTS },
        ],
        healthCheck: {
          command: ["CMD-SHELL", "curl -fsS http://localhost:8080/ping || exit 1"],
          interval: 15,
          timeout: 10,
          retries: 5,
          startPeriod: 300,
        },
        stopTimeout: 120,
      });
    },
  );

  test.each(["api", "api-worker"])(
    "%s: secrets come from Secrets Manager, the DocumentDB ones by JSON key",
    (service) => {
      const secret = (name: string) =>
        ref(prod, "aws_secretsmanager_secret", `secrets_${name}_`, "arn");
      expect(main(prod, service).secrets).toEqual([
        { name: "DOCUMENTDB_PASSWORD", valueFrom: `${docdbSecret}:password::` },
        { name: "DOCUMENTDB_USERNAME", valueFrom: `${docdbSecret}:username::` },
        { name: "GITANA_CLUSTER_GROUP_PASSWORD", valueFrom: secret("cluster-group-password") },
        { name: "GITANA_LICENSE", valueFrom: secret("license") },
        { name: "GITANA_PROPERTIES_PRIVATE_KEY", valueFrom: secret("properties-private-key") },
        { name: "GITANA_ROOT_PROPERTIES", valueFrom: secret("root-properties") },
      ]);
    },
  );

  test("ui: port 80, the api by its Service Connect name, SQS notifications over HTTPS through the task role", () => {
    expect(main(prod, "ui")).toMatchObject({
      name: "cloudcms-ui-server",
      portMappings: [{ name: "http", containerPort: 80, protocol: "tcp", appProtocol: "http" }],
      healthCheck: expect.objectContaining({
        command: ["CMD-SHELL", "curl -fsS http://localhost:80/ || exit 1"],
      }),
    });
    const env = Object.fromEntries(
      (main(prod, "ui").environment as { name: string; value: string }[]).map((e) => [
        e.name,
        e.value,
      ]),
    );
    expect(env).toMatchObject({
      CLOUDCMS_NOTIFICATIONS_ENABLED: "true",
      CLOUDCMS_NOTIFICATIONS_TYPE: "sqs",
      CLOUDCMS_NOTIFICATIONS_SQS_QUEUE_URL: ref(prod, "aws_sqs_queue", "messaging_queue_", "url"),
      CLOUDCMS_NOTIFICATIONS_SQS_REGION: "eu-west-1",
      GITANA_API_URL: "http://api:80",
      NODE_OPTIONS: "--require /gitana/ui/sqs-https.js",
    });
    expect(env).not.toHaveProperty("CLOUDCMS_NOTIFICATIONS_SQS_ACCESS_KEY");
  });

  test("av: port 80, clamd by its Service Connect name, credentials from the JSON secret", () => {
    const secret = ref(prod, "aws_secretsmanager_secret", "secrets_antivirus-credentials_", "arn");
    expect(main(prod, "av")).toMatchObject({
      name: "cloudcms-antivirus-server",
      portMappings: [{ name: "http", containerPort: 80, protocol: "tcp", appProtocol: "http" }],
      environment: [
        { name: "CLAMD_HOST", value: "clamav" },
        { name: "CLAMD_PORT", value: "3310" },
        { name: "PORT", value: "80" },
      ],
      secrets: [
        { name: "PASSWORD", valueFrom: `${secret}:password::` },
        { name: "USERNAME", valueFrom: `${secret}:username::` },
      ],
    });
  });

  test("clamav: clamd on 3310 with a PING health check that waits for the signature download", () => {
    expect(main(prod, "clamav")).toMatchObject({
      image: "clamav/clamav-debian:1.4.2",
      portMappings: [{ name: "clamd", containerPort: 3310, protocol: "tcp" }],
      healthCheck: {
        command: ["CMD-SHELL", "clamdcheck.sh"],
        interval: 15,
        timeout: 10,
        retries: 5,
        startPeriod: 300,
      },
    });
  });

  test.each(SERVICES)(
    "%s: unprivileged, logging to its own encrypted group that Terraform created (ECS.4, ECS.9)",
    (service) => {
      for (const container of Object.values(containers(prod, service))) {
        expect(container.privileged).toBe(false);
        expect(container.logConfiguration).toEqual({
          logDriver: "awslogs",
          options: {
            "awslogs-group": ref(
              prod,
              "aws_cloudwatch_log_group",
              `compute_${service}_log-group`,
              "name",
            ),
            "awslogs-region": "eu-west-1",
            "awslogs-stream-prefix": "ecs",
            "awslogs-create-group": "false",
            mode: "non-blocking",
            "max-buffer-size": "25m",
          },
        });
      }
      expect(
        resourceOf(prod, "aws_cloudwatch_log_group", `compute_${service}_log-group`),
      ).toMatchObject({
        name: `/ecs/gitana-prod/${service}`,
        retention_in_days: 400,
        kms_key_id: ref(prod, "aws_kms_key", "logs-key", "arn"),
      });
    },
  );

  test("no secret-looking name is ever passed as a plain environment variable (ECS.8)", () => {
    for (const stack of [prod, dev]) {
      for (const service of SERVICES) {
        for (const container of Object.values(containers(stack, service))) {
          const plain = names(container.environment ?? []);
          expect(
            plain.filter(
              (n) =>
                /PASSWORD|SECRET|KEY|TOKEN|LICENSE/.test(n) &&
                n !== "GITANA_PROPERTIES_PRIVATE_KEY",
            ),
          ).toEqual([]);
        }
      }
    }
  });
});

describe("services", () => {
  test.each(SERVICES)(
    "%s: private subnets, no public IP, its own security group (ECS.2)",
    (service) => {
      expect(ecsService(prod, service).network_configuration).toEqual({
        subnets: ["eu-west-1a", "eu-west-1b", "eu-west-1c"].map((az) =>
          ref(prod, "aws_subnet", `_private-subnet-${az}_`, "id"),
        ),
        security_groups: [
          ref(prod, "aws_security_group", `compute_${service}_security-group`, "id"),
        ],
        assign_public_ip: false,
      });
    },
  );

  test.each(SERVICES)(
    "%s: rolls out with circuit-breaker rollback, a new task up before an old one leaves, tags propagated",
    (service) => {
      expect(ecsService(prod, service)).toMatchObject({
        deployment_circuit_breaker: { enable: true, rollback: true },
        deployment_minimum_healthy_percent: 100,
        deployment_maximum_percent: 200,
        propagate_tags: "SERVICE",
        enable_ecs_managed_tags: true,
      });
    },
  );

  const noRequestLimit = { timeout: { per_request_timeout_seconds: 0, idle_timeout_seconds: 600 } };
  test.each([
    ["api", "api", 80, "http", noRequestLimit],
    ["ui", "ui", 80, "http", noRequestLimit],
    ["av", "av", 80, "http", noRequestLimit],
    ["clamav", "clamav", 3310, "clamd", {}],
  ])("%s: reachable in the namespace as %s:%i", (service, dnsName, port, portName, timeout) => {
    expect(ecsService(prod, service).service_connect_configuration).toEqual({
      enabled: true,
      namespace: ref(prod, "aws_service_discovery_http_namespace", "namespace", "arn"),
      service: [
        {
          port_name: portName,
          discovery_name: dnsName,
          client_alias: { dns_name: dnsName, port },
          ...timeout,
        },
      ],
    });
  });

  test.each([
    ["av", ["clamav"]],
    ["api", ["av"]],
    ["api-worker", ["av"]],
    ["ui", ["api"]],
  ])(
    "%s starts after the services it calls (%s), so Service Connect resolves them",
    (service, callees) => {
      const dependsOn = ecsService(prod, service).depends_on as string[];
      for (const callee of callees) {
        expect(dependsOn).toContain(address(prod, "aws_ecs_service", `compute_${callee}_service`));
      }
    },
  );

  test.each(SERVICES)(
    "%s: a changed capacity provider strategy redeploys instead of replacing the service",
    (service) => {
      expect(ecsService(prod, service).force_new_deployment).toBe(true);
    },
  );

  test("api-worker is a Service Connect client only", () => {
    expect(ecsService(prod, "api-worker").service_connect_configuration).toEqual({
      enabled: true,
      namespace: ref(prod, "aws_service_discovery_http_namespace", "namespace", "arn"),
    });
  });

  test("api and api-worker tasks carry the cluster-discovery tag", () => {
    for (const service of ["api", "api-worker"])
      expect(ecsService(prod, service).tags).toEqual({ "gitana-cluster": "gitana-prod" });
    expect(ecsService(prod, "ui").tags).toBeUndefined();
  });

  test("load-balanced services register their main container and wait for a JVM-length grace period", () => {
    expect(ecsService(prod, "api")).toMatchObject({
      load_balancer: [
        {
          target_group_arn: ref(prod, "aws_lb_target_group", "api-lb", "arn"),
          container_name: "cloudcms-api-server",
          container_port: 8080,
        },
      ],
      health_check_grace_period_seconds: 300,
    });
    expect(ecsService(prod, "ui").health_check_grace_period_seconds).toBe(120);
    expect(ecsService(prod, "api-worker").load_balancer).toBeUndefined();
    expect(ecsService(prod, "clamav").load_balancer).toBeUndefined();
  });

  test("the shipped envs run on on-demand Fargate: Fargate Spot takes no ARM64 task", () => {
    for (const service of SERVICES) {
      for (const stack of [prod, dev]) {
        expect(ecsService(stack, service).capacity_provider_strategy).toEqual([
          { capacity_provider: "FARGATE", weight: 1 },
        ]);
      }
    }
  });

  test("an X86_64 env runs the services it marks spot on Fargate Spot", () => {
    const config = devInput();
    config.compute = {
      ...config.compute,
      cpuArchitecture: "X86_64",
      services: { ...config.compute.services, ui: { ...config.compute.services.ui, spot: true } },
    };
    const x86 = synthEnv("dev", config);
    expect(ecsService(x86, "ui").capacity_provider_strategy).toEqual([
      { capacity_provider: "FARGATE_SPOT", weight: 1 },
    ]);
    expect(ecsService(x86, "api").capacity_provider_strategy).toEqual([
      { capacity_provider: "FARGATE", weight: 1 },
    ]);
  });

  test.each([
    ["api", 3, 6],
    ["api-worker", 2, 4],
    ["ui", 2, 6],
  ])("%s scales on CPU between %i and %i tasks", (service, min, max) => {
    expect(resourceOf(prod, "aws_appautoscaling_target", `compute_${service}_`)).toMatchObject({
      service_namespace: "ecs",
      resource_id: `service/gitana-prod/${ref(prod, "aws_ecs_service", `compute_${service}_service`, "name")}`,
      scalable_dimension: "ecs:service:DesiredCount",
      min_capacity: min,
      max_capacity: max,
    });
    expect(resourceOf(prod, "aws_appautoscaling_policy", `compute_${service}_`)).toMatchObject({
      policy_type: "TargetTrackingScaling",
      target_tracking_scaling_policy_configuration: {
        target_value: 60,
        predefined_metric_specification: {
          predefined_metric_type: "ECSServiceAverageCPUUtilization",
        },
      },
    });
    expect(ecsService(prod, service)).toMatchObject({
      desired_count: min,
      lifecycle: { ignore_changes: ["desired_count"] },
    });
  });

  test("av and clamav run a fixed count", () => {
    expect(
      resourcesOf(prod, "aws_appautoscaling_target")
        .map(([n]) => n)
        .filter((n) => /_av_|_clamav_/.test(n)),
    ).toEqual([]);
    expect(ecsService(prod, "av").desired_count).toBe(2);
    expect(ecsService(prod, "clamav").desired_count).toBe(2);
  });
});

describe("network paths", () => {
  test("no task admits anything by CIDR; only load balancers and the endpoint group do", () => {
    const byCidr = resourcesOf(prod, "aws_vpc_security_group_ingress_rule").filter(
      ([, r]) => r.cidr_ipv4,
    );
    expect(byCidr.map(([n, r]) => [n.split("_")[2], r.from_port, r.cidr_ipv4]).sort()).toEqual([
      ["api-lb", 443, "0.0.0.0/0"],
      ["api-lb", 80, "0.0.0.0/0"],
      ["interface-endpoints", 443, "10.42.0.0/16"],
      ["ui-lb", 443, "0.0.0.0/0"],
      ["ui-lb", 80, "0.0.0.0/0"],
    ]);
  });
});

describe("load balancers", () => {
  test.each([
    ["api", false, "public", 8080, "/ping"],
    ["ui", false, "public", 80, "/"],
  ])(
    "%s: internal=%s in the %s subnets, ip targets on %i checked at %s",
    (service, internal, tier, port, path) => {
      expect(resourceOf(prod, "aws_lb", `${service}-lb`)).toMatchObject({
        name: `gitana-prod-${service}`,
        load_balancer_type: "application",
        internal,
        subnets: ["eu-west-1a", "eu-west-1b", "eu-west-1c"].map((az) =>
          ref(prod, "aws_subnet", `_${tier}-subnet-${az}_`, "id"),
        ),
        drop_invalid_header_fields: true,
        desync_mitigation_mode: "defensive",
        enable_deletion_protection: true,
        access_logs: {
          bucket: ref(prod, "aws_s3_bucket", "storage_access-logs", "bucket"),
          prefix: "alb",
          enabled: true,
        },
      });
      expect(resourceOf(prod, "aws_lb_target_group", `${service}-lb`)).toMatchObject({
        name: `gitana-prod-${service}`,
        target_type: "ip",
        protocol: "HTTP",
        port,
        deregistration_delay: "30",
        health_check: { path, matcher: "200-399" },
      });
    },
  );

  test("with a domain: HTTPS with TLS 1.3/1.2 and the validated certificate, and HTTP redirects to it (ELB.1)", () => {
    expect(resourceOf(prod, "aws_lb_listener", "api-lb_https")).toMatchObject({
      port: 443,
      protocol: "HTTPS",
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificate_arn: ref(
        prod,
        "aws_acm_certificate_validation",
        "certificate",
        "certificate_arn",
      ),
      default_action: [
        { type: "forward", target_group_arn: ref(prod, "aws_lb_target_group", "api-lb", "arn") },
      ],
    });
    expect(resourceOf(prod, "aws_lb_listener", "api-lb_http-redirect")).toMatchObject({
      port: 80,
      protocol: "HTTP",
      default_action: [
        { type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } },
      ],
    });
  });

  test("without a domain: one plain HTTP listener that forwards, no certificate, no DNS", () => {
    expect(
      resourcesOf(dev, "aws_lb_listener").map(([n, l]) => [n.split("_")[2], l.port, l.protocol]),
    ).toEqual([
      ["api-lb", 80, "HTTP"],
      ["ui-lb", 80, "HTTP"],
    ]);
    expect(resourcesOf(dev, "aws_acm_certificate")).toEqual([]);
    expect(resourcesOf(dev, "aws_route53_record")).toEqual([]);
    expect(resourceOf(dev, "aws_lb", "api-lb").enable_deletion_protection).toBe(false);
  });

  test("the certificate covers api and ui under the domain and is validated by DNS in the configured zone", () => {
    expect(resourceOf(prod, "aws_acm_certificate")).toMatchObject({
      domain_name: "api.cms.example.com",
      subject_alternative_names: ["ui.cms.example.com"],
      validation_method: "DNS",
    });
    expect(resourceOf(prod, "aws_route53_record", "validation-record")).toMatchObject({
      for_each: '${toset(["api.cms.example.com", "ui.cms.example.com"])}',
      zone_id: "Z0EXAMPLE000000PROD01",
    });
  });

  test.each(["api", "ui"])("%s.cms.example.com is an alias of its load balancer", (service) => {
    expect(resourceOf(prod, "aws_route53_record", `${service}-alias`)).toEqual(
      expect.objectContaining({
        zone_id: "Z0EXAMPLE000000PROD01",
        name: `${service}.cms.example.com`,
        type: "A",
        alias: {
          name: ref(prod, "aws_lb", `${service}-lb`, "dns_name"),
          zone_id: ref(prod, "aws_lb", `${service}-lb`, "zone_id"),
          evaluate_target_health: true,
        },
      }),
    );
  });
});

describe("execution role", () => {
  test("pulls exactly the Gitana ECR repositories; public images need no permission", () => {
    expect(rolePolicies(prod, "execution-role")["image-pull"]).toEqual([
      { sid: "RegistryToken", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
      {
        sid: "PullTheTaskImages",
        actions: [
          "ecr:BatchCheckLayerAvailability",
          "ecr:GetDownloadUrlForLayer",
          "ecr:BatchGetImage",
        ],
        resources: ["antivirus-server", "api-server", "ui-server"].map(
          (r) => `arn:aws:ecr:eu-west-1:444455556666:repository/cloudcms/${r}`,
        ),
      },
    ]);
  });

  test("writes log streams only in the five service log groups", () => {
    expect(rolePolicies(prod, "execution-role")["task-logs-write"]).toEqual([
      {
        sid: "WriteTaskLogStreams",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: SERVICES.map(
          (s) =>
            `${ref(prod, "aws_cloudwatch_log_group", `compute_${s}_log-group`, "arn")}:log-stream:*`,
        ),
      },
    ]);
  });
});

describe("web application firewall", () => {
  test("prod puts AWS managed rule groups in front of its internet-facing load balancers", () => {
    const acl = resourceOf(prod, "aws_wafv2_web_acl");
    expect(acl).toMatchObject({
      name: "gitana-prod",
      scope: "REGIONAL",
      default_action: { allow: {} },
    });
    expect(
      (acl.rule as { name: string; override_action: unknown }[]).map((r) => [
        r.name,
        r.override_action,
      ]),
    ).toEqual([
      ["AWSManagedRulesAmazonIpReputationList", { none: {} }],
      ["AWSManagedRulesCommonRuleSet", { none: {} }],
      ["AWSManagedRulesKnownBadInputsRuleSet", { none: {} }],
      ["AWSManagedRulesSQLiRuleSet", { none: {} }],
    ]);
    expect(
      resourcesOf(prod, "aws_wafv2_web_acl_association")
        .map(([, a]) => a.resource_arn)
        .sort(),
    ).toEqual([ref(prod, "aws_lb", "api-lb", "arn"), ref(prod, "aws_lb", "ui-lb", "arn")].sort());
  });

  test("uploads larger than 8 KB are only counted, not blocked", () => {
    const common = (
      resourceOf(prod, "aws_wafv2_web_acl").rule as {
        name: string;
        statement: Record<string, Record<string, unknown>>;
      }[]
    ).find((r) => r.name === "AWSManagedRulesCommonRuleSet");
    expect(common?.statement.managed_rule_group_statement.rule_action_override).toEqual([
      { name: "SizeRestrictions_BODY", action_to_use: { count: {} } },
    ]);
  });

  test("blocked and counted requests are logged to a KMS-encrypted group WAF accepts", () => {
    expect(resourceOf(prod, "aws_cloudwatch_log_group", "web-acl")).toMatchObject({
      name: "aws-waf-logs-gitana-prod",
      retention_in_days: 400,
      kms_key_id: ref(prod, "aws_kms_key", "logs-key", "arn"),
    });
    expect(
      resourceOf(prod, "aws_wafv2_web_acl_logging_configuration").log_destination_configs,
    ).toEqual([ref(prod, "aws_cloudwatch_log_group", "web-acl", "arn")]);
  });

  test("dev has no web ACL (not configured)", () => {
    expect(resourcesOf(dev, "aws_wafv2_web_acl")).toEqual([]);
  });
});

describe("runtime settings the vendor sources ask for", () => {
  const dev = synthEnv("dev", devInput());

  test("the api and ui load balancers keep idle connections 10 minutes, as long as the UI server lets a request run", () => {
    for (const service of ["api", "ui"]) {
      expect(resourceOf(prod, "aws_lb", `compute_${service}-lb_`).idle_timeout).toBe(600);
    }
  });

  test("an image from a private registry is pulled with its credentials secret, which only the execution role reads", () => {
    const arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:registry-AbCdEf";
    const input = prodInput();
    input.compute.images.clamav = {
      ...input.compute.images.clamav,
      repositoryCredentialsSecretArn: arn,
    };
    const stack = synthEnv("prod", input);
    expect(main(stack, "clamav").repositoryCredentials).toEqual({ credentialsParameter: arn });
    expect(main(prod, "clamav").repositoryCredentials).toBeUndefined();
    expect(rolePolicies(stack, "execution-role")["registry-credentials-read"]).toEqual([
      expect.objectContaining({ actions: ["secretsmanager:GetSecretValue"], resources: [arn] }),
    ]);
    const grantedTo = Object.keys(stack.resource?.aws_iam_role ?? {}).filter((role) =>
      JSON.stringify(rolePolicies(stack, role)).includes(arn),
    );
    expect(grantedTo).toEqual([expect.stringContaining("execution-role")]);
  });

  test("dev's single API member leaves the CP subsystem off: no cluster.cp.membercount anywhere", () => {
    expect(JSON.stringify(dev)).not.toContain("cluster.cp.membercount=");
    expect(JSON.stringify(prod)).toContain("cluster.cp.membercount=3");
  });
});

describe("av and clamav, which parse untrusted uploads", () => {
  const egressOf = (stack: StackJson, service: string) =>
    resourcesOf(stack, "aws_vpc_security_group_egress_rule")
      .filter(([name]) => name.startsWith(`gitana_compute_${service}_`))
      .map(([, rule]) => ({
        port: rule.from_port,
        to: rule.cidr_ipv4 ?? rule.prefix_list_id ?? rule.referenced_security_group_id,
      }));
  const endpoints = ref(prod, "aws_security_group", "interface-endpoints_security-group", "id");
  const s3PrefixList = ref(prod, "aws_vpc_endpoint", "s3-gateway-endpoint", "prefix_list_id");
  const clamavGroup = ref(prod, "aws_security_group", "compute_clamav_security-group", "id");

  test("av reaches only the AWS API endpoints, S3's gateway and clamav where the VPC has endpoints", () => {
    expect(egressOf(prod, "av")).toEqual([
      { port: 443, to: endpoints },
      { port: 443, to: s3PrefixList },
      { port: 3310, to: clamavGroup },
    ]);
  });

  test("clamav reaches the AWS API endpoints, S3's gateway and its signature mirror", () => {
    const input = prodInput();
    input.compute.clamavSignatureMirrorCidrs = ["192.0.2.0/24"];
    expect(egressOf(synthEnv("prod", input), "clamav")).toEqual([
      { port: 443, to: endpoints },
      { port: 443, to: "192.0.2.0/24" },
      { port: 443, to: s3PrefixList },
    ]);
  });

  test("without interface endpoints (dev), they keep HTTPS anywhere: the AWS APIs are behind NAT", () => {
    const dev = synthEnv("dev", devInput());
    expect(egressOf(dev, "av")).toContainEqual({ port: 443, to: "0.0.0.0/0" });
  });

  test("av has no load balancer: api and api-worker reach it through Service Connect only", () => {
    expect(resourcesOf(prod, "aws_lb").map(([, lb]) => lb.name)).toEqual([
      "gitana-prod-api",
      "gitana-prod-ui",
    ]);
    expect(
      resourcesOf(prod, "aws_vpc_security_group_ingress_rule")
        .filter(([name]) => name.startsWith("gitana_compute_av_"))
        .map(([, rule]) => rule.description),
    ).toEqual(["api to port 80", "api-worker to port 80"]);
  });
});
