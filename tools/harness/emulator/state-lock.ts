import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { basename, dirname, join } from "node:path";
import { exitWithin, spawnTracked, stopGroup, STOP_GRACE_MS } from "./processes";

/**
 * The rehearsal's held-lock check: a process that holds a stack's Terraform state lock, and a
 * probe that sees the lock where the backend keeps it (the lock-info file beside a local state,
 * the item in the S3 backend's DynamoDB lock table), so the check starts its concurrent plan only
 * once the lock is really held.
 */

/** Terraform's record of a held lock (its `Lock Info`). */
export interface LockInfo {
  readonly ID: string;
  readonly Operation: string;
  readonly Who: string;
}

/** Where a stack keeps its state, read from its synthesized `terraform.backend`. */
export type StateBackend =
  | { readonly kind: "local"; readonly stateFile: string }
  | {
      readonly kind: "s3";
      readonly bucket: string;
      readonly key: string;
      readonly region: string;
      readonly dynamodbTable: string;
    };

interface StackBackendJson {
  terraform?: { backend?: Record<string, Record<string, unknown>> };
}

export function stateBackendOf(stackJson: StackBackendJson, stackDir: string): StateBackend {
  const [kind, config = {}] = Object.entries(stackJson.terraform?.backend ?? { local: {} })[0];
  if (kind === "local") {
    return { kind, stateFile: join(stackDir, String(config.path ?? "terraform.tfstate")) };
  }
  if (kind === "s3" && typeof config.dynamodb_table === "string") {
    return {
      kind,
      bucket: String(config.bucket),
      key: String(config.key),
      region: String(config.region),
      dynamodbTable: config.dynamodb_table,
    };
  }
  throw new Error(
    `the held-lock check knows the local backend and the s3 backend with dynamodb_table; this stack uses "${kind}"`,
  );
}

/** Resolves the lock's info while it is held, undefined while it is free. */
export type LockProbe = () => Promise<LockInfo | undefined>;

/**
 * The local backend writes `.<state file>.lock.info` once it holds the lock (an fcntl lock on the
 * state file) and removes it on unlock. A killed holder leaves the file behind, but the kernel
 * frees the lock with the process, so the file only says "held" while its writer lives.
 */
export function localLockProbe(stateFile: string): LockProbe {
  const infoFile = join(dirname(stateFile), `.${basename(stateFile)}.lock.info`);
  return async () =>
    existsSync(infoFile) ? parseLockInfo(readFileSync(infoFile, "utf8")) : undefined;
}

/** The S3 backend's DynamoDB lock item is keyed `<bucket>/<key>`; its `Info` holds the lock info. */
export function lockItemRequest(backend: Extract<StateBackend, { kind: "s3" }>): {
  headers: Record<string, string>;
  body: string;
} {
  return {
    headers: {
      "Content-Type": "application/x-amz-json-1.0",
      "X-Amz-Target": "DynamoDB_20120810.GetItem",
      // The emulator reads the service and region from the credential scope and checks no signature.
      Authorization: `AWS4-HMAC-SHA256 Credential=rehearsal/20261202/${backend.region}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify({
      TableName: backend.dynamodbTable,
      Key: { LockID: { S: `${backend.bucket}/${backend.key}` } },
      ConsistentRead: true,
    }),
  };
}

/** The lock info in a GetItem answer; undefined when there is no item or it holds no `Info`. */
export function parseLockItem(responseBody: string): LockInfo | undefined {
  const item = (JSON.parse(responseBody) as { Item?: { Info?: { S?: string } } }).Item;
  return item?.Info?.S ? parseLockInfo(item.Info.S) : undefined;
}

/** Asks the emulator's DynamoDB for the lock item (TLS, verified against the emulator's CA). */
export function dynamoDbLockProbe(
  endpoint: string,
  caFile: string,
  backend: Extract<StateBackend, { kind: "s3" }>,
): LockProbe {
  const ca = readFileSync(caFile);
  const { headers, body } = lockItemRequest(backend);
  return () =>
    new Promise((resolve, reject) => {
      const req = request(endpoint, { method: "POST", headers, ca }, (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () =>
          res.statusCode === 200
            ? resolve(parseLockItem(text))
            : reject(
                new Error(
                  `DynamoDB GetItem on ${backend.dynamodbTable}: HTTP ${res.statusCode} ${text.slice(0, 300)}`,
                ),
              ),
        );
      });
      req.on("error", reject);
      req.end(body);
    });
}

export function lockProbeFor(backend: StateBackend, endpoint: string, caFile: string): LockProbe {
  return backend.kind === "local"
    ? localLockProbe(backend.stateFile)
    : dynamoDbLockProbe(endpoint, caFile, backend);
}

function parseLockInfo(text: string): LockInfo {
  const info = JSON.parse(text) as Partial<LockInfo>;
  return { ID: info.ID ?? "?", Operation: info.Operation ?? "?", Who: info.Who ?? "?" };
}

export interface HoldOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly probe: LockProbe;
  /**
   * The holder: `terraform console` by default, which takes the state lock at start and keeps it
   * until it has read its input to the end (with a pipe for stdin it reads everything first), and
   * changes nothing.
   */
  readonly command?: readonly [string, ...string[]];
  /** How long the holder may take to hold the lock. @default 60 s */
  readonly timeoutMs?: number;
  /**
   * How long it may take to let go once its input ends, before it is killed: the console reads
   * its input only once it has loaded the providers' schemas, seconds on a busy machine.
   * @default 30 s
   */
  readonly releaseMs?: number;
}

/** A process holding a state lock until `release()`. */
export class LockHolder {
  /** Starts the holder and resolves once the probe sees its lock; throws (holder stopped) if not. */
  static async hold(options: HoldOptions): Promise<LockHolder> {
    const [command, ...args] = options.command ?? ["terraform", "console", "-no-color"];
    const child = spawnTracked(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    while (Date.now() < deadline) {
      const lock = await options.probe().catch(() => undefined);
      if (lock) return new LockHolder(child, lock, options.releaseMs ?? 30_000);
      if (await exitWithin(child, 250)) {
        throw new Error(
          `${command} exited (code ${child.exitCode}) before it held the lock: ${output.trim().slice(-500)}`,
        );
      }
    }
    await stopGroup(child);
    throw new Error(
      `${command} did not hold the lock within ${(options.timeoutMs ?? 60_000) / 1000} s: ${output.trim().slice(-500) || "no output"}`,
    );
  }

  private constructor(
    private readonly child: ChildProcess,
    /** The lock as the backend records it. */
    readonly lock: LockInfo,
    private readonly releaseMs: number,
  ) {}

  /**
   * Ends the holder's input, which makes it unlock and exit; a holder still there after the
   * release time is stopped (SIGTERM, then SIGKILL), and then its lock may stay behind.
   */
  async release(): Promise<"released" | "killed"> {
    this.child.stdin?.end();
    if (await exitWithin(this.child, this.releaseMs)) return "released";
    await stopGroup(this.child, Math.min(STOP_GRACE_MS, this.releaseMs));
    return "killed";
  }
}
