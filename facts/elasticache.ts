/**
 * An ElastiCache node type: `cache.<family>.<size>`, e.g. cache.t4g.small or cache.m7g.large.
 * Whether the region offers it is AWS's to say at apply; a name of another service (db.*, *.search)
 * or a typo is refused at synth.
 */
export const CACHE_NODE_TYPE = /^cache\.[a-z][a-z0-9]*\.(micro|small|medium|large|\d*xlarge)$/;
