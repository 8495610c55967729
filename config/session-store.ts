import { z } from "zod";
import { CACHE_NODE_TYPE } from "../facts/elasticache";
import { matching } from "./fields";

/** Env config of the UI's shared session store (an ElastiCache for Valkey replication group). */

export const sessionStoreSchema = z.strictObject({
  /**
   * Node type of every node. A session store holds sessions, cache entries and locks of a few
   * thousand users: megabytes, not gigabytes. @default "cache.t4g.small" (1.37 GiB, 2 vCPUs)
   */
  nodeType: matching(
    CACHE_NODE_TYPE,
    "an ElastiCache node type cache.<family>.<size>, such as cache.t4g.small or cache.m7g.large",
  ).default("cache.t4g.small"),
});

export type SessionStoreConfig = z.output<typeof sessionStoreSchema>;

/** What the store is when an env names nothing. */
export const DEFAULT_SESSION_STORE: SessionStoreConfig = sessionStoreSchema.parse({});
