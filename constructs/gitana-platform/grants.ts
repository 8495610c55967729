import { GITANA_SECRETS, type GitanaSecretName } from "../secrets";
import { CONFIG_PREFIX } from "../../facts/artifact-names";
import type { GitanaPlatform } from ".";

/**
 * Every IAM grant of an env, in one place: what each container role may touch, and what ECS
 * fetches for the tasks. The owners of the resources write the statements (their grant*
 * methods); this says who gets which.
 */
export function grantPlatformAccess(platform: GitanaPlatform, ecsExec: boolean): void {
  const { roles, storage, messaging, openSearch, secrets, documentDb, compute } = platform;
  // The API servers (ecsTaskNodeRole)...
  const node = roles.nodeRole;
  storage.configBucket.grantRead(node, CONFIG_PREFIX);
  storage.binaryBucket.grantReadWrite(node);
  messaging.grantPublish(node);
  openSearch.grantReadWrite(node);
  roles.grantClusterDiscovery(compute.cluster.clusterName);
  // ...the UI (ecsTaskUiRole); av and clamav (ecsTaskAntivirusRole) get nothing...
  const ui = roles.uiRole;
  storage.configBucket.grantRead(ui, CONFIG_PREFIX);
  messaging.grantConsume(ui);
  if (ecsExec) roles.grantEcsExec();
  // ...and what ECS fetches for them at start (ecsTaskExecutionRole).
  const execution = roles.executionRole;
  secrets.grantRead(execution, Object.keys(GITANA_SECRETS) as GitanaSecretName[]);
  documentDb.grantMasterSecretRead(execution);
  const services = Object.values(compute.services);
  roles.grantTaskLogs(services.map((s) => s.logGroupArn));
  roles.grantImagePull(services.flatMap((s) => s.images));
  roles.grantRepositoryCredentialsRead(services.flatMap((s) => s.repositoryCredentials));
}
