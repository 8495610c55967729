import type { PlatformEnvConfig } from "../../config/schema";
import { PUBLIC_SERVICES } from "../ecs";
import {
  documentDbAlarms,
  loadBalancerAlarms,
  notificationAlarms,
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
  const floors = taskFloors(config.compute.services);
  return [
    ...PUBLIC_SERVICES.filter((service) => floors[service] > 0).flatMap((service) =>
      loadBalancerAlarms({
        service,
        loadBalancerArnSuffix: compute.loadBalancers[service].arnSuffix,
        targetGroupArnSuffix: compute.loadBalancers[service].targetGroupArnSuffix,
        minimumHealthy: floors[service],
      }),
    ),
    ...(Object.keys(floors) as (keyof ComputeServices)[])
      .filter((key) => floors[key] > 0)
      .flatMap((key) =>
        serviceAlarms({
          clusterName: compute.cluster.clusterName,
          serviceName: compute.services[key].serviceName,
          minimumRunning: floors[key],
        }),
      ),
    ...documentDbAlarms(platform.documentDb.clusterIdentifier),
    ...openSearchAlarms({
      domainName: platform.openSearch.domainName,
      accountId: config.accountId,
      volumeSizeGb: config.openSearch.volumeSizeGb,
      dataNodeCount: config.openSearch.instanceCount,
    }),
    ...notificationAlarms({
      queueName: platform.messaging.queueName,
      deadLetterQueueName: platform.messaging.deadLetterQueueName,
    }),
    ...secretRestartAlarms(compute.secretRestarts),
  ];
}

/** Each service's task floor: its scaling minimum, or its fixed count (0: switched off). */
function taskFloors(services: ComputeServices): Record<keyof ComputeServices, number> {
  const floor = (service: ComputeServices[keyof ComputeServices]) =>
    "minCount" in service ? service.minCount : service.desiredCount;
  return {
    api: floor(services.api),
    apiWorker: floor(services.apiWorker),
    ui: floor(services.ui),
    av: floor(services.av),
    clamav: floor(services.clamav),
  };
}
