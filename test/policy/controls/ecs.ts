import { WRITABLE_ROOT_REASON_LABEL } from "../../../facts/artifact-names";
import type { Control } from "./control";
import { resource, view, ref } from "../fixtures";

/** ECS: task definitions, services and the ingress of their security groups. */
const task = (...containers: Record<string, unknown>[]) =>
  view(
    resource("aws_ecs_task_definition", "api", {
      container_definitions: JSON.stringify(containers),
    }),
  );
const container = (extra: Record<string, unknown> = {}) => ({
  name: "cloudcms-api-server",
  readonlyRootFilesystem: true,
  environment: [{ name: "CLOUDCMS_APPSERVER_MODE", value: "production" }],
  logConfiguration: { logDriver: "awslogs" },
  ...extra,
});
const service = (attrs: Record<string, unknown>) => view(resource("aws_ecs_service", "api", attrs));
const serviceAdmitting = (source: Record<string, unknown>) => {
  const group = resource("aws_security_group", "api");
  return view(
    group,
    resource("aws_ecs_service", "api", {
      network_configuration: { security_groups: [ref(group)] },
    }),
    resource("aws_vpc_security_group_ingress_rule", "api_in", {
      security_group_id: ref(group),
      ...source,
    }),
  );
};

export const ecsControls: Record<string, Control> = {
  "ECS.2": {
    passes: [
      ["no public IPs", () => service({ network_configuration: { assign_public_ip: false } })],
    ],
    fails: [
      [
        "public IPs",
        () => service({ network_configuration: { assign_public_ip: true } }),
        "tasks get public IPs",
      ],
    ],
  },
  "ECS.4": {
    passes: [["no privileged container", () => task(container())]],
    fails: [
      [
        "a privileged container",
        () => task(container({ privileged: true })),
        "cloudcms-api-server: privileged",
      ],
    ],
  },
  "ECS.5": {
    passes: [
      ["a read-only root filesystem", () => task(container())],
      [
        "a writable one with a stated reason",
        () =>
          task(
            container({
              readonlyRootFilesystem: false,
              dockerLabels: { [WRITABLE_ROOT_REASON_LABEL]: "writes its cache under /var" },
            }),
          ),
      ],
    ],
    fails: [
      [
        "a writable one without a reason",
        () => task(container({ readonlyRootFilesystem: false })),
        "cloudcms-api-server: writable root filesystem without a stated reason",
      ],
    ],
  },
  "ECS.8": {
    passes: [["only ordinary environment variables", () => task(container())]],
    fails: [
      [
        "a password in the environment",
        () => task(container({ environment: [{ name: "DOCUMENTDB_PASSWORD", value: "x" }] })),
        "secret-looking environment variables DOCUMENTDB_PASSWORD",
      ],
    ],
  },
  "ECS.9": {
    passes: [["a log driver", () => task(container())]],
    fails: [
      [
        "no log configuration",
        () => task(container({ logConfiguration: undefined })),
        "cloudcms-api-server: no log configuration",
      ],
      [
        "unreadable container definitions",
        () =>
          view(resource("aws_ecs_task_definition", "api", { container_definitions: "not json" })),
        "container definitions could not be read",
      ],
    ],
  },
  "ECS.12": {
    passes: [
      [
        "Container Insights enabled",
        () =>
          view(
            resource("aws_ecs_cluster", "c", {
              setting: [{ name: "containerInsights", value: "enabled" }],
            }),
          ),
      ],
    ],
    fails: [
      [
        "Container Insights disabled",
        () =>
          view(
            resource("aws_ecs_cluster", "c", {
              setting: [{ name: "containerInsights", value: "disabled" }],
            }),
          ),
        "Container Insights is off",
      ],
    ],
  },
  "Gitana.EcsCircuitBreaker": {
    passes: [
      [
        "a circuit breaker with rollback",
        () => service({ deployment_circuit_breaker: { enable: true, rollback: true } }),
      ],
    ],
    fails: [
      [
        "a circuit breaker without rollback",
        () => service({ deployment_circuit_breaker: { enable: true, rollback: false } }),
        "no circuit breaker with rollback",
      ],
    ],
  },
  "Gitana.TasksBehindTheirAlb": {
    passes: [
      [
        "ingress from the load balancer's group",
        () => serviceAdmitting({ referenced_security_group_id: "${aws_security_group.api-lb.id}" }),
      ],
    ],
    fails: [
      [
        "ingress from a CIDR",
        () => serviceAdmitting({ cidr_ipv4: "10.0.0.0/8" }),
        "admits 10.0.0.0/8",
      ],
    ],
  },
};
