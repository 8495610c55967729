/**
 * The benchmark behind `npm run bench` (scripts/bench.ts): synth, start-up, scale, offline plan
 * and npm test times, as medians and spread after a warm-up, checked against the budgets.
 */
import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import { cpus } from "node:os";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { config as dev } from "../../envs/dev";
import { createOfflineRunner } from "../harness/terraform";
import { synthAll } from "../harness/synth";
import { DIST_DIR, ROOT } from "../paths";

const PEAK_RSS = join(DIST_DIR, "tools", "bench", "peak-rss.js");

interface Sample {
  readonly ms: number;
  readonly rssMiB?: number;
}
interface Stats {
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly medianRssMiB?: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function stats(samples: Sample[]): Stats {
  const ms = samples.map((s) => s.ms);
  const rss = samples.map((s) => s.rssMiB).filter((r): r is number => r !== undefined);
  return {
    runs: samples.length,
    medianMs: Math.round(median(ms)),
    minMs: Math.round(Math.min(...ms)),
    maxMs: Math.round(Math.max(...ms)),
    ...(rss.length ? { medianRssMiB: Math.round(median(rss)) } : {}),
  };
}

/** Runs `node <args>` in `cwd`, returning wall time and the child's peak RSS. */
function timeNode(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Sample {
  const rssFile = join(mkdtempSync(join(tmpdir(), "bench-rss-")), "rss");
  writeFileSync(rssFile, "");
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["--require", PEAK_RSS, ...args], {
    cwd,
    env: { ...process.env, ...env, CHECKPOINT_DISABLE: "1", BENCH_RSS_FILE: rssFile },
    encoding: "utf8",
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} failed:\n${result.stderr}`);
  const kib = Number(readFileSync(rssFile, "utf8").trim().split("\n").pop());
  return { ms, rssMiB: kib / 1024 };
}

/** One warm-up, then `runs` measured samples. */
function measure(runs: number, once: () => Sample): Sample[] {
  once();
  return Array.from({ length: runs }, once);
}

/** `count` generated envs (copies of dev with their own names and CIDRs) in a temp envs folder. */
function generatedEnvs(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), "bench-envs-"));
  for (let i = 0; i < count; i++) {
    const env = `e${i}`;
    mkdirSync(join(dir, env));
    const config = {
      ...dev,
      namePrefix: "g",
      network: { ...dev.network, vpcCidr: `10.${i % 250}.0.0/20` },
    };
    writeFileSync(join(dir, env, "index.js"), `exports.config = ${JSON.stringify(config)};`);
  }
  return dir;
}

async function timed<T>(run: () => Promise<T>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export interface BenchOptions {
  /** Measured runs of each synth, after a warm-up. */
  readonly runs: number;
  /** Offline plans per env, after a warm-up. */
  readonly planRuns: number;
  /** Runs of npm test; 0 skips it. */
  readonly testRuns: number;
  /** Numbers of generated envs to synth. */
  readonly scale: readonly number[];
  /** Write bench/results.json (committed) instead of cdktf.out/bench/results.json. */
  readonly save: boolean;
}

/** Measures, prints the table and writes the results (see scripts/bench.ts). */
export async function runBench({
  runs,
  planRuns,
  testRuns,
  scale,
  save,
}: BenchOptions): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "bench-"));

  console.error(`floor and synth: ${runs} runs each after a warm-up`);
  const floor = stats(measure(runs, () => timeNode(["-e", 'require("cdktf")'], ROOT)));
  const synth = stats(measure(runs, () => timeNode([join(DIST_DIR, "main.js")], work)));
  // What main.js loads before it builds anything: cdktf, the provider bindings, zod, our modules.
  const startUpScript = ["config/environments", "constructs/gitana-platform/stacks"]
    .map((module) => `require(${JSON.stringify(join(DIST_DIR, module))})`)
    .join(";");
  const startUp = stats(measure(runs, () => timeNode(["-e", startUpScript], work)));

  console.error("scale: synth of generated envs");
  const scaleResults = scale.map((count) => {
    const envs = generatedEnvs(count);
    const script = `require(${JSON.stringify(join(DIST_DIR, "tools", "harness", "synth.js"))}).synthAll(${JSON.stringify(join(work, `scale-${count}`))}, ${JSON.stringify(envs)})`;
    const result = stats(
      measure(Math.max(1, Math.min(runs, count >= 50 ? 3 : runs)), () =>
        timeNode(["-e", script], work),
      ),
    );
    rmSync(envs, { recursive: true, force: true });
    return { envs: count, ...result, msPerEnv: Math.round(result.medianMs / count) };
  });
  // The slope between the smallest and largest runs: what one more env costs, start-up excluded.
  const [fewest, most] = [scaleResults[0], scaleResults[scaleResults.length - 1]];
  const marginalMsPerEnv =
    most.envs > fewest.envs
      ? Math.round((most.medianMs - fewest.medianMs) / (most.envs - fewest.envs))
      : undefined;

  console.error(`offline terraform plan per env: ${planRuns} runs after a warm-up`);
  const terraform = createOfflineRunner();
  const stackDirs = synthAll(join(work, "plan"));
  const plans: Record<string, Stats> = {};
  for (const [env, dir] of Object.entries(stackDirs).sort()) {
    await terraform.init(dir);
    const samples: Sample[] = [];
    for (let i = 0; i <= planRuns; i++) {
      const ms = await timed(() => terraform.plan(dir));
      if (i > 0) samples.push({ ms });
    }
    plans[env] = stats(samples);
  }

  console.error(`npm test: ${testRuns} run(s)`);
  const tests: Sample[] = [];
  for (let i = 0; i < testRuns; i++) tests.push({ ms: await timed(() => npmTest(i + 1)) });

  const results = {
    date: new Date().toISOString().slice(0, 10),
    machine: { cpus: cpus().length, node: process.version },
    floor,
    synth,
    synthOverFloor: Number((synth.medianMs / floor.medianMs).toFixed(2)),
    startUp,
    startUpOverFloor: Number((startUp.medianMs / floor.medianMs).toFixed(2)),
    scale: scaleResults,
    ...(marginalMsPerEnv !== undefined ? { marginalMsPerEnv } : {}),
    plan: plans,
    ...(tests.length ? { npmTest: stats(tests) } : {}),
  };
  const resultsDir = join(ROOT, save ? "bench" : join("cdktf.out", "bench"));
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  rmSync(work, { recursive: true, force: true });
  printTable(results);
  console.log(`\nresults: ${relative(process.cwd(), join(resultsDir, "results.json"))}`);
}

/**
 * One `npm test`, echoing each test file's PASS/FAIL line with the time so far (jest prints them
 * on stderr as files finish), so the minutes it takes are visibly spent.
 */
function npmTest(run: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const child = spawn("npm", ["test", "--silent"], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    });
    let files = 0;
    createInterface({ input: child.stderr }).on("line", (line) => {
      const match = /^(PASS|FAIL) (\S+)/.exec(line);
      if (!match) return;
      files += 1;
      const seconds = Math.round((Date.now() - started) / 1000);
      console.error(
        `  npm test #${run}: ${files} files done, ${seconds} s: ${match[1]} ${match[2]}`,
      );
    });
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`npm test exited ${code}`)),
    );
  });
}

function printTable(r: {
  floor: Stats;
  synth: Stats;
  synthOverFloor: number;
  startUp: Stats;
  startUpOverFloor: number;
  scale: ({ envs: number; msPerEnv: number } & Stats)[];
  marginalMsPerEnv?: number;
  plan: Record<string, Stats>;
  npmTest?: Stats;
}): void {
  const row = (what: string, s: Stats, extra = "") =>
    `${what.padEnd(34)}${String(s.medianMs).padStart(8)} ms  (${s.minMs}-${s.maxMs}, n=${s.runs})${s.medianRssMiB ? `  ${s.medianRssMiB} MiB` : ""}${extra}`;
  console.log(
    [
      `${"measure".padEnd(34)}${"median".padStart(11)}  (min-max, runs)  peak RSS`,
      row("floor: node -e 'require(\"cdktf\")'", r.floor),
      row("synth of all stacks (dist/main.js)", r.synth, `  = ${r.synthOverFloor}x floor`),
      row("start-up: code loaded, no env built", r.startUp, `  = ${r.startUpOverFloor}x floor`),
      ...r.scale.map((s) =>
        row(`synth of ${s.envs} generated env(s)`, s, `  = ${s.msPerEnv} ms/env`),
      ),
      ...(r.marginalMsPerEnv !== undefined
        ? [`${"each further env".padEnd(34)}${String(r.marginalMsPerEnv).padStart(8)} ms`]
        : []),
      ...Object.entries(r.plan).map(([env, s]) => row(`offline terraform plan: ${env}`, s)),
      ...(r.npmTest ? [row("npm test", r.npmTest)] : []),
      "",
      ...budgetLines(r).map(
        ({ what, limit, measured, met }) =>
          `${met ? "met   " : "MISSED"}  ${what}: ${measured} (budget ${limit})`,
      ),
    ].join("\n"),
  );
}

/**
 * The performance budgets (docs/performance.md): synth of the four example envs at most 3.5x the
 * bare cdktf start-up, start-up at most 2x and each further env at most 0.5x (the two that do not
 * move with the number of envs a user keeps), and the peak memory of a synth.
 */
function budgetLines(r: {
  floor: Stats;
  synth: Stats;
  synthOverFloor: number;
  startUpOverFloor: number;
  marginalMsPerEnv?: number;
}) {
  const perEnv =
    r.marginalMsPerEnv === undefined ? undefined : r.marginalMsPerEnv / r.floor.medianMs;
  return [
    {
      what: "synth of the four example envs",
      limit: "3.5x floor",
      measured: `${r.synthOverFloor}x`,
      met: r.synthOverFloor <= 3.5,
    },
    {
      what: "start-up, no env built",
      limit: "2x floor",
      measured: `${r.startUpOverFloor}x`,
      met: r.startUpOverFloor <= 2,
    },
    ...(perEnv === undefined
      ? []
      : [
          {
            what: "each further env",
            limit: "0.5x floor",
            measured: `${perEnv.toFixed(2)}x`,
            met: perEnv <= 0.5,
          },
        ]),
    {
      what: "peak RSS of the synth",
      limit: "200 MiB",
      measured: `${r.synth.medianRssMiB ?? "?"} MiB`,
      met: (r.synth.medianRssMiB ?? Infinity) <= 200,
    },
  ];
}
