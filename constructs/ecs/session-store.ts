import type { Reachable } from "../core/security-group";

/**
 * What the ui service needs of a shared session store (a Redis-compatible cache) when it runs
 * more than one task. cloudcms-server keeps sessions, caches, locks, awareness and broadcast in
 * process unless told otherwise (cloudcms-server 3.2.353: server/index.js turns Redis sessions on
 * when CLOUDCMS_REDIS_URL is set; broadcast/broadcast.js, middleware/cache/cache.js,
 * locks/locks.js and middleware/awareness/awareness.js read CLOUDCMS_<KIND>_TYPE), so without
 * it one task never hears of another's cache invalidations. The store layer owns the resource;
 * compute only wires the ui tasks to it.
 */
export interface SessionStoreRef {
  /**
   * `rediss://<primary endpoint>:<port>`: util/redis.js prefers CLOUDCMS_REDIS_URL over
   * endpoint and port, and both of its clients (node-redis 4 and ioredis 5) speak TLS for a
   * `rediss:` URL.
   */
  readonly url: string;
  /** Admits the ui tasks. */
  readonly securityGroup: Reachable;
}
