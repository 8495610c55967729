import { WRITABLE_ROOT_REASON_LABEL } from "../../facts/artifact-names";
/**
 * ECS container definitions as plain data. Optional fields stay undefined and are dropped by
 * JSON.stringify, so ECS's own defaults apply and the rendered JSON stays minimal.
 */

export interface PortMapping {
  /** Names the port for Service Connect. */
  readonly name: string;
  readonly containerPort: number;
  /** `http` lets Service Connect see requests (metrics, retries); omit for raw TCP. */
  readonly appProtocol?: "http";
}

export interface ContainerHealthCheck {
  /** Shell command run inside the container; exit 0 means healthy. */
  readonly command: string;
  /** Seconds ECS ignores failures after start (a JVM needs minutes). @default 60 */
  readonly startPeriod?: number;
}

export interface ContainerSpec {
  readonly name: string;
  /** `repository:tag`, or `repository@sha256:...`. */
  readonly image: string;
  /**
   * Secrets Manager ARN of `{"username": ..., "password": ...}` for a private registry outside
   * ECR; the execution role is granted read on it. @default - none: ECR or a public registry
   */
  readonly repositoryCredentials?: string;
  readonly ports?: readonly PortMapping[];
  /** Plain settings only: anything secret goes in `secrets`. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Env var name -> Secrets Manager ARN (with `:jsonKey::` for one key of a JSON secret). */
  readonly secrets?: Readonly<Record<string, string>>;
  readonly healthCheck?: ContainerHealthCheck;
  /**
   * Why the image needs a writable root filesystem. ECS.5 asks for a read-only one; an image that
   * cannot run so says why here, and the reason travels with the task as a Docker label that the
   * policy check (npm run check) reads.
   * @default - read-only root filesystem
   */
  readonly writableRootFilesystemReason?: string;
  /** Seconds between SIGTERM and SIGKILL, for a graceful leave. @default 30 (ECS) */
  readonly stopTimeout?: number;
  /** Mount the task's `gitana` volume at /gitana. @default false */
  readonly mountsGitanaVolume?: boolean;
  readonly command?: readonly string[];
}

export const GITANA_VOLUME = "gitana";
export const GITANA_MOUNT_PATH = "/gitana";

export interface RenderOptions {
  readonly logGroupName: string;
  readonly region: string;
  /** Container that must exit 0 before this one starts: a failed config sync stops the task. */
  readonly dependsOnCompletionOf?: string;
  /** Non-essential containers may stop without stopping the task (the init sync). @default true */
  readonly essential?: boolean;
}

/** One container definition in the shape the ECS API takes. */
export function renderContainer(
  spec: ContainerSpec,
  options: RenderOptions,
): Record<string, unknown> {
  const essential = options.essential ?? true;
  return {
    name: spec.name,
    image: spec.image,
    repositoryCredentials: spec.repositoryCredentials && {
      credentialsParameter: spec.repositoryCredentials,
    },
    essential,
    command: spec.command,
    portMappings: spec.ports?.map((p) => ({
      name: p.name,
      containerPort: p.containerPort,
      protocol: "tcp",
      appProtocol: p.appProtocol,
    })),
    // Sorted, so a re-ordered object in code does not show as a task definition change.
    environment: entries(spec.environment)?.map(([name, value]) => ({ name, value })),
    secrets: entries(spec.secrets)?.map(([name, valueFrom]) => ({ name, valueFrom })),
    healthCheck: spec.healthCheck && {
      command: ["CMD-SHELL", spec.healthCheck.command],
      interval: 15,
      // The vendor's examples give a check 10 s (gitana/sdk containers/32/ecs/simple/*.json): a
      // busy JVM can take longer than 5 s to answer /ping without being unhealthy.
      timeout: 10,
      retries: 5,
      startPeriod: spec.healthCheck.startPeriod ?? 60,
    },
    mountPoints: spec.mountsGitanaVolume
      ? [{ sourceVolume: GITANA_VOLUME, containerPath: GITANA_MOUNT_PATH }]
      : undefined,
    dependsOn: options.dependsOnCompletionOf
      ? [{ containerName: options.dependsOnCompletionOf, condition: "SUCCESS" }]
      : undefined,
    readonlyRootFilesystem: spec.writableRootFilesystemReason === undefined,
    dockerLabels: spec.writableRootFilesystemReason
      ? { [WRITABLE_ROOT_REASON_LABEL]: spec.writableRootFilesystemReason }
      : undefined,
    privileged: false, // ECS.4
    stopTimeout: spec.stopTimeout,
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": options.logGroupName,
        "awslogs-region": options.region,
        "awslogs-stream-prefix": "ecs",
        // The group exists (Terraform made it, encrypted): tasks never create log groups.
        "awslogs-create-group": "false",
        // A slow log pipeline must not block the application.
        mode: "non-blocking",
        "max-buffer-size": "25m",
      },
    },
  };
}

/** Sorted entries, or undefined for none (ECS stores an empty list as absent: no perpetual diff). */
function entries(
  record: Readonly<Record<string, string>> | undefined,
): [string, string][] | undefined {
  // Code-unit order, not localeCompare: the same on every machine whatever its locale.
  const sorted = Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.length > 0 ? sorted : undefined;
}
