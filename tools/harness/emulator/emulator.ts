import { spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findProviderMirror, terraformEnv, writeMirrorCliConfig } from "../terraform";
import { spawnTracked, stopGroup } from "./processes";

/**
 * The AWS emulator of `npm run rehearse`: moto's server, patched by moto_launcher.py where it
 * answers differently from AWS, serving TLS on a loopback port with a throw-away CA that
 * terraform is told to trust (AWS_CA_BUNDLE), so certificate verification stays on.
 */

const LAUNCHER = join(__dirname, "moto_launcher.py");
/** moto's start-up imports every service model: seconds on a busy 2-core machine. */
const START_TIMEOUT_MS = 60_000;

export interface EmulatorPatch {
  readonly id: string;
  readonly service: string;
  /** What AWS does. */
  readonly aws: string;
  /** What moto 5.2.1 did before the patch. */
  readonly moto: string;
}

export interface EmulatorGap {
  readonly service: string;
  readonly what: string;
  readonly why: string;
}

export interface Emulator {
  readonly url: string;
  /** The throw-away CA the emulator's certificate is signed by. */
  readonly caFile: string;
  /** The moto server's log (every request): read it when a step fails. */
  readonly logFile: string;
  /** Environment of a terraform process that talks to the emulator only. */
  readonly env: NodeJS.ProcessEnv;
  /** `-backend-config` file pointing the S3 backend (state, DynamoDB lock) at the emulator. */
  readonly backendConfigFile: string;
  close(): Promise<void>;
}

/** The patches and the gaps, as moto_launcher.py lists them. */
export function emulatorCatalogue(): { patches: EmulatorPatch[]; gaps: EmulatorGap[] } {
  const listed = spawnSync("python3", [LAUNCHER, "--list"], { encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`${LAUNCHER} --list failed:\n${listed.stderr}`);
  return JSON.parse(listed.stdout) as { patches: EmulatorPatch[]; gaps: EmulatorGap[] };
}

/** Throws with what to install when the machine's python3 lacks moto's server. */
export function assertMotoInstalled(): void {
  const probe = spawnSync(
    "python3",
    ["-c", "import moto.server, cryptography; print(moto.__version__)"],
    {
      encoding: "utf8",
    },
  );
  if (probe.status !== 0) {
    throw new Error(
      "The rehearsal needs python3 with moto 5.2.1 and its server (`pip install 'moto[server]==5.2.1'`): " +
        (probe.error?.message ?? probe.stderr.trim().split("\n").pop()),
    );
  }
}

/** Starts the patched emulator answering as `accountId`; resolves once it accepts requests. */
export async function startEmulator(accountId: string): Promise<Emulator> {
  assertMotoInstalled();
  const workdir = mkdtempSync(join(tmpdir(), "gitana-rehearsal-"));
  const logFile = join(workdir, "moto.log");
  const log = createWriteStream(logFile);
  const child = spawnTracked("python3", [LAUNCHER, "--workdir", workdir], {
    env: { ...process.env, MOTO_ACCOUNT_ID: accountId },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = await readyUrl(child, logFile);

  const backendConfigFile = join(workdir, "emulator.s3.tfbackend");
  const endpoint = JSON.stringify(url);
  writeFileSync(
    backendConfigFile,
    `endpoints = { s3 = ${endpoint}, dynamodb = ${endpoint}, sts = ${endpoint}, iam = ${endpoint} }\n` +
      `use_path_style = true\n`,
  );
  const caFile = join(workdir, "ca.pem");
  const mirror = findProviderMirror();
  const env = terraformEnv(mirror ? writeMirrorCliConfig(mirror) : undefined, true);
  Object.assign(env, {
    AWS_ENDPOINT_URL: url,
    AWS_CA_BUNDLE: caFile,
    // The emulator accepts any key; these open nothing anywhere else.
    AWS_ACCESS_KEY_ID: "rehearsal",
    AWS_SECRET_ACCESS_KEY: "rehearsal",
  });
  return {
    url,
    caFile,
    logFile,
    env,
    backendConfigFile,
    // werkzeug may sit out a SIGTERM while a request thread lives: then it is killed.
    close: async () => void (await stopGroup(child)),
  };
}

/** The URL the launcher announces, once werkzeug says the socket is listening. */
function readyUrl(child: ChildProcess, logFile: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    let url: string | undefined;
    const timer = setTimeout(
      () => fail(`the emulator did not start within ${START_TIMEOUT_MS / 1000} s`),
      START_TIMEOUT_MS,
    );
    const fail = (why: string) => {
      clearTimeout(timer);
      void stopGroup(child);
      reject(new Error(`${why}; its output is in ${logFile}:\n${output.slice(-2000)}`));
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      url ??= /moto-ready (https:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url && /Running on https:/.test(output)) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        child.stderr?.off("data", onData);
        resolve(url);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => fail(`the emulator exited (code ${code}) before it was ready`));
  });
}
