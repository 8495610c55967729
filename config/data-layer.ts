import { z } from "zod";
import { spreadsOverZones } from "../facts/opensearch";
import { bool, intBetween, matching, oneOf } from "./fields";

/** Env config of the data layer: DocumentDB and OpenSearch sizes and versions. */

const DAY = "(mon|tue|wed|thu|fri|sat|sun)";
const TIME = "([01]\\d|2[0-3]):[0-5]\\d";

/** DocumentDB instance classes that run engine 5.0 (burstable for dev, memory-optimised else). */
export const DOCDB_INSTANCE_CLASS =
  /^db\.(t3\.medium|t4g\.medium|(r5|r6g|r6gd|r8g)\.(large|xlarge|2xlarge|4xlarge|8xlarge|12xlarge|16xlarge|24xlarge))$/;

/** The DocumentDB cluster Gitana keeps its content in. */
export const documentDbSchema = z
  .strictObject({
    /** DocumentDB engine; Gitana 3.2 is certified on 5.0. @default "5.0.0" */
    engineVersion: oneOf(["5.0.0"]).default("5.0.0"),
    /** Instance class of every instance: burstable (t3/t4g.medium) for dev, memory-optimised else. */
    instanceClass: matching(
      DOCDB_INSTANCE_CLASS,
      "a DocumentDB 5.0 instance class: db.t3.medium, db.t4g.medium, or db.r5/r6g/r6gd/r8g.large to .24xlarge",
    ),
    /** Instances spread over the AZs in order; the first is the writer. 3 gives one per AZ. */
    instanceCount: intBetween(1, 16, "instances"),
    /** Days of automated backups, 7 (our floor; AWS allows 1) to 35. */
    backupRetentionDays: intBetween(7, 35, "days"),
    /** Daily UTC backup window, hh:mm-hh:mm. @default "01:00-02:00" */
    backupWindow: matching(
      new RegExp(`^${TIME}-${TIME}$`),
      "a UTC window hh:mm-hh:mm such as 01:00-02:00",
    ).default("01:00-02:00"),
    /** Weekly UTC maintenance window, ddd:hh:mm-ddd:hh:mm. @default "sun:03:00-sun:04:00" */
    maintenanceWindow: matching(
      new RegExp(`^${DAY}:${TIME}-${DAY}:${TIME}$`),
      "a UTC window ddd:hh:mm-ddd:hh:mm such as sun:03:00-sun:04:00",
    ).default("sun:03:00-sun:04:00"),
    /** Master user name; its password is generated and kept by AWS in Secrets Manager. @default "gitana" */
    masterUsername: matching(
      /^[a-zA-Z][a-zA-Z0-9]{0,62}$/,
      "a letter then up to 62 letters or digits",
    ).default("gitana"),
  })
  .superRefine((docdb, ctx) => {
    // AWS (CreateDBCluster, PreferredBackupWindow / PreferredMaintenanceWindow): each window is
    // at least 30 minutes, and the daily backup window must not overlap the weekly maintenance
    // window; the API refuses either at apply, after the rest of the env is built.
    const backup = windowMinutes(docdb.backupWindow);
    const maintenance = windowMinutes(docdb.maintenanceWindow);
    for (const [field, window] of [
      ["backupWindow", backup],
      ["maintenanceWindow", maintenance],
    ] as const) {
      if (window.end - window.start < 30)
        ctx.addIssue({
          code: "custom",
          path: [field],
          input: docdb[field],
          message: "must be at least 30 minutes long (AWS's minimum)",
        });
    }
    const overlapDay = DAYS.find((_, day) =>
      overlaps(
        { start: backup.start + day * DAY_MINUTES, end: backup.end + day * DAY_MINUTES },
        maintenance,
      ),
    );
    if (overlapDay)
      ctx.addIssue({
        code: "custom",
        path: ["backupWindow"],
        input: docdb.backupWindow,
        message: `overlaps maintenanceWindow ${docdb.maintenanceWindow} (the backup starting ${overlapDay}); AWS refuses overlapping windows`,
      });
  });

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_MINUTES = 24 * 60;
const WEEK_MINUTES = 7 * DAY_MINUTES;

/**
 * A window (`hh:mm-hh:mm` daily, or `ddd:hh:mm-ddd:hh:mm` weekly) as minutes from Monday 00:00
 * (a daily one placed on Monday); an end before its start runs past midnight or the week's end.
 */
function windowMinutes(window: string): { start: number; end: number } {
  const [start, end] = window.split("-").map((point) => {
    const parts = point.split(":");
    const day = parts.length === 3 ? DAYS.indexOf(parts[0]) : 0;
    const [hours, minutes] = parts.slice(-2).map(Number);
    return day * DAY_MINUTES + hours * 60 + minutes;
  });
  const period = /^[a-z]/.test(window) ? WEEK_MINUTES : DAY_MINUTES;
  return { start, end: end >= start ? end : end + period };
}

/** Whether two intervals of the week meet, also across the Sunday-to-Monday wrap. */
function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return [-WEEK_MINUTES, 0, WEEK_MINUTES].some(
    (shift) => a.start + shift < b.end && b.start < a.end + shift,
  );
}

/** OpenSearch 2.x engine versions, e.g. OpenSearch_2.19. */
const OPENSEARCH_VERSION = /^OpenSearch_2\.(1[1-9]|[2-9]\d)$/;
export const OPENSEARCH_INSTANCE_TYPE = /^[a-z][a-z0-9]*\.(medium|large|\d*xlarge)\.search$/;

/** The OpenSearch domain Gitana indexes content in, inside the VPC. */
export const openSearchSchema = z
  .strictObject({
    /** OpenSearch engine version, 2.11 or later. @default "OpenSearch_2.19" (current at the time of writing) */
    engineVersion: matching(
      OPENSEARCH_VERSION,
      "an OpenSearch engine version from OpenSearch_2.11 on, such as OpenSearch_2.19",
    ).default("OpenSearch_2.19"),
    /** Instance type of the data nodes. */
    instanceType: matching(
      OPENSEARCH_INSTANCE_TYPE,
      "an OpenSearch instance type such as r7g.large.search (t2/t3 .micro and .small lack fine-grained access control)",
    ),
    /** Data nodes: 1 (one AZ), or a multiple of 3 spread over the three AZs with zone awareness. */
    instanceCount: intBetween(1, 30, "data nodes"),
    /** Dedicated master nodes: 3 in production so a master election survives an AZ. @default - none */
    dedicatedMaster: z
      .strictObject({
        /** Instance type of the master nodes. */
        instanceType: matching(
          OPENSEARCH_INSTANCE_TYPE,
          "an OpenSearch instance type such as m7g.large.search",
        ),
        /** Master nodes, spread over the three AZs. */
        count: z.union([z.literal(3), z.literal(5)], {
          error: "must be 3 or 5 (an odd quorum across three AZs)",
        }),
      })
      .optional(),
    /** gp3 EBS volume per data node, in GiB. @default 100 */
    volumeSizeGb: intBetween(10, 24576, "GiB").default(100),
    /** Create the OpenSearch service-linked role (once per account; leave false if it exists). @default false */
    createServiceLinkedRole: bool.default(false),
  })
  .superRefine((search, ctx) => {
    // The env has three zones (availabilityZones is exactly three long).
    if (!spreadsOverZones(search.instanceCount, 3)) {
      ctx.addIssue({
        code: "custom",
        path: ["instanceCount"],
        input: search.instanceCount,
        message:
          "must be 1 or a multiple of 3: several data nodes are spread evenly over the three AZs (zone awareness)",
      });
    }
  });

/**
 * An env keeps its data (both on) or is disposable (both off, with 0-day secret recovery and 7-day
 * key deletion windows). Half protection is refused: it guarded DocumentDB while the search index,
 * buckets, keys and secrets could go at once.
 */
export const protectionSchema = z
  .strictObject({
    /** Terraform `prevent_destroy` on stateful resources (databases, buckets, keys). @default true */
    preventDestroy: bool.default(true),
    /** AWS deletion protection and final snapshots (DocumentDB; later the load balancers). @default true */
    deletionProtection: bool.default(true),
  })
  .superRefine((protection, ctx) => {
    if (protection.preventDestroy === protection.deletionProtection) return;
    ctx.addIssue({
      code: "custom",
      path: ["preventDestroy"],
      input: protection.preventDestroy,
      message: `must equal deletionProtection (${protection.deletionProtection}): an env keeps all its data (both true) or is disposable (both false, as dev); half protection leaves the search index, buckets, keys and secrets deletable`,
    });
  });

/** Whether an env keeps its data: then deleted secrets and keys stay recoverable for 30 days. */
export function keepsData(protection: z.output<typeof protectionSchema>): boolean {
  return protection.preventDestroy || protection.deletionProtection;
}

/** Optional permissions of the task roles. */
export const iamSchema = z.strictObject({
  /** Let operators `aws ecs execute-command` into tasks (adds SSM messages permissions). @default false */
  ecsExec: bool.default(false),
});
