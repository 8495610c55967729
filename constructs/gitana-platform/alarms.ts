import { PUBLIC_SERVICES } from "../ecs";
import {
  documentDbAlarms,
  loadBalancerAlarms,
  notificationAlarms,
  openSearchAlarms,
  secretRestartAlarms,
  serviceAlarms,
  sessionStoreAlarms,
  type AlarmSpec,
} from "../monitoring";
import type { GitanaPlatform } from "./index";
import type { PlatformSettings } from "./props-from-config";

/** The alarms of an env, from the layers' typed outputs and the env's sizes. */
export function platformAlarms(
  platform: Pick<
    GitanaPlatform,
    "compute" | "documentDb" | "openSearch" | "messaging" | "sessionStore"
  >,
  alarms: PlatformSettings["alarms"],
): AlarmSpec[] {
  const { compute } = platform;
  // A service switched off (0 tasks) has nothing to watch.
  const running = Object.values(compute.services).filter((service) => service.minimumTasks > 0);
  return [
    ...PUBLIC_SERVICES.filter((service) => compute.services[service].minimumTasks > 0).flatMap(
      (service) =>
        loadBalancerAlarms({
          service,
          loadBalancerArnSuffix: compute.loadBalancers[service].arnSuffix,
          targetGroupArnSuffix: compute.loadBalancers[service].targetGroupArnSuffix,
          minimumHealthy: compute.services[service].minimumTasks,
        }),
    ),
    ...running.flatMap((service) =>
      serviceAlarms({
        clusterName: compute.cluster.clusterName,
        serviceName: service.serviceName,
        minimumRunning: service.minimumTasks,
      }),
    ),
    ...documentDbAlarms(platform.documentDb.clusterIdentifier),
    ...openSearchAlarms({
      domainName: platform.openSearch.domainName,
      ...alarms.openSearch,
    }),
    ...notificationAlarms({
      queueName: platform.messaging.queueName,
      deadLetterQueueName: platform.messaging.deadLetterQueueName,
    }),
    ...(platform.sessionStore ? sessionStoreAlarms(platform.sessionStore) : []),
    ...secretRestartAlarms(compute.secretRestarts),
  ];
}
