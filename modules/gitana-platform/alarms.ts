import type { PlatformEnvConfig } from "../../config/schema";
import { PUBLIC_SERVICES, type GitanaCompute } from "../ecs";
import {
  deadLetterAlarms,
  documentDbAlarms,
  loadBalancerAlarms,
  openSearchAlarms,
  secretRestartAlarms,
  serviceAlarms,
  type AlarmSpec,
} from "../monitoring";
import type { GitanaPlatform } from "./index";

type ComputeServices = PlatformEnvConfig["compute"]["services"];

/** The alarms of an env, from the layers' typed outputs and the env's sizes. */
export function platformAlarms(
  platform: Pick<GitanaPlatform, "compute" | "documentDb" | "openSearch" | "messaging">,
  config: PlatformEnvConfig,
): AlarmSpec[] {
  const { compute } = platform;
  return [
    ...PUBLIC_SERVICES.flatMap((service) =>
      loadBalancerAlarms({
        service,
        loadBalancerArnSuffix: compute.loadBalancers[service].arnSuffix,
        targetGroupArnSuffix: compute.loadBalancers[service].targetGroupArnSuffix,
      }),
    ),
    ...runningTaskAlarms(compute, config.compute.services),
    ...documentDbAlarms(platform.documentDb.clusterIdentifier),
    ...openSearchAlarms({
      domainName: platform.openSearch.domainName,
      accountId: config.accountId,
      volumeSizeGb: config.openSearch.volumeSizeGb,
      dataNodeCount: config.openSearch.instanceCount,
    }),
    ...deadLetterAlarms(platform.messaging.deadLetterQueueName),
    ...secretRestartAlarms(compute.secretRestarts),
  ];
}

/** Each service below its floor: the scaling minimum, or the fixed count. None for a service set to 0. */
function runningTaskAlarms(compute: GitanaCompute, services: ComputeServices): AlarmSpec[] {
  const floors: Record<keyof ComputeServices, number> = {
    api: minimumOf(services.api),
    apiWorker: minimumOf(services.apiWorker),
    ui: minimumOf(services.ui),
    av: minimumOf(services.av),
    clamav: minimumOf(services.clamav),
  };
  return (Object.keys(floors) as (keyof ComputeServices)[])
    .filter((key) => floors[key] > 0)
    .flatMap((key) =>
      serviceAlarms({
        clusterName: compute.cluster.clusterName,
        serviceName: compute.services[key].serviceName,
        minimumRunning: floors[key],
      }),
    );
}

function minimumOf(service: ComputeServices[keyof ComputeServices]): number {
  return "minCount" in service ? service.minCount : service.desiredCount;
}
