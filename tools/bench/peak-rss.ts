/**
 * Preloaded (`node --require`) into a measured process: on exit, appends the process's peak
 * resident set size in KiB to the file named by BENCH_RSS_FILE. Lets the benchmark read the
 * peak of a child without a platform-specific `time` binary.
 */
import { appendFileSync } from "node:fs";

const file = process.env.BENCH_RSS_FILE;
if (file) process.on("exit", () => appendFileSync(file, `${process.resourceUsage().maxRSS}\n`));
