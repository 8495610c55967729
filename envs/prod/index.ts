import type { PlatformEnvInput } from "../../config/schema";
import { stateBackend } from "../state-backend";

/**
 * Production: one NAT gateway per AZ (an AZ outage leaves the others' egress intact), interface
 * endpoints so image pulls, logs and secrets stay off the internet path, logs kept for 13 months.
 * 111122223333 is the AWS documentation's example account id: replace it with yours.
 */
export const config: PlatformEnvInput = {
  kind: "platform",
  accountId: "111122223333",
  region: "eu-west-1",
  availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
  namePrefix: "gitana",
  tags: { Project: "gitana", Environment: "prod", ManagedBy: "cdktf", CostCenter: "platform" },
  logRetentionDays: 400,
  network: {
    vpcCidr: "10.42.0.0/16",
    natStrategy: "perAz",
    interfaceEndpoints: true,
  },
  protection: { preventDestroy: true, deletionProtection: true },
  documentDb: {
    instanceClass: "db.r6g.large",
    instanceCount: 3,
    backupRetentionDays: 35,
    backupWindow: "01:00-02:00",
    maintenanceWindow: "sun:03:00-sun:04:00",
  },
  openSearch: {
    instanceType: "r7g.large.search",
    instanceCount: 3,
    dedicatedMaster: { instanceType: "m7g.large.search", count: 3 },
    volumeSizeGb: 200,
  },
  stateBackend,
};
