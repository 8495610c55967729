import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  hasExited,
  runningCount,
  spawnTracked,
  stopGroup,
} from "../tools/harness/emulator/processes";
import {
  lockVerdict,
  plannedChanges,
  preventDestroyAddresses,
  refusalVerdict,
  refusedByPreventDestroy,
} from "../tools/harness/emulator/rehearsal";
import {
  LockHolder,
  localLockProbe,
  type HoldOptions,
  lockItemRequest,
  parseLockItem,
  stateBackendOf,
} from "../tools/harness/emulator/state-lock";

/** Terraform 1.11.4's refusal of bootstrap's destroy, as the rehearsal captured it (abridged). */
const BOOTSTRAP_REFUSAL = `
Error: Instance cannot be destroyed

  on cdk.tf.json line 790, in resource.aws_dynamodb_table:
 790:       "bootstrap_state-backend_lock-table_3392B129": {

Resource aws_dynamodb_table.bootstrap_state-backend_lock-table_3392B129 has
lifecycle.prevent_destroy set, but the plan calls for this resource to be
destroyed. To avoid this error and continue with the plan, either disable
lifecycle.prevent_destroy or reduce the scope of the plan using the -target
option.

Error: Instance cannot be destroyed

  on cdk.tf.json line 849, in resource.aws_s3_bucket:
 849:       "bootstrap_state-backend_access-logs_bucket_AE0873D8": {

Resource aws_s3_bucket.bootstrap_state-backend_access-logs_bucket_AE0873D8
has lifecycle.prevent_destroy set, but the plan calls for this resource to be
destroyed. To avoid this error and continue with the plan, either disable
lifecycle.prevent_destroy or reduce the scope of the plan using the -target
option.
`;

/** A plan refused by a held DynamoDB lock, as terraform prints it. */
const LOCKED_PLAN_OUTPUT = `
Error: Error acquiring the state lock

Error message: operation error DynamoDB: PutItem, https response error StatusCode: 400,
ConditionalCheckFailedException: The conditional request failed
Lock Info:
  ID:        6497ac36-8797-088a-d757-84cdfe883f49
  Path:      gitana-tfstate-111122223333-eu-west-1/gitana/dev/terraform.tfstate
  Operation: OperationTypeInvalid
`;

describe("the rehearsal's destroy check", () => {
  test("names every resource terraform refused, wherever it wrapped the line", () => {
    expect(refusedByPreventDestroy({ code: 1, stdout: "", stderr: BOOTSTRAP_REFUSAL })).toEqual([
      "aws_dynamodb_table.bootstrap_state-backend_lock-table_3392B129",
      "aws_s3_bucket.bootstrap_state-backend_access-logs_bucket_AE0873D8",
    ]);
  });

  test("expects exactly the stack's resources that carry prevent_destroy", () => {
    const stack = {
      resource: {
        aws_s3_bucket: {
          state: { lifecycle: { prevent_destroy: true } },
          scratch: { lifecycle: { prevent_destroy: false } },
        },
        aws_kms_key: { key: {} },
        aws_dynamodb_table: { lock: { lifecycle: { prevent_destroy: true } } },
      },
    };
    expect(preventDestroyAddresses(stack)).toEqual([
      "aws_s3_bucket.state",
      "aws_dynamodb_table.lock",
    ]);
  });
});

describe("the rehearsal's verdict on a refused destroy", () => {
  const bootstrap = {
    exitCode: 1,
    refused: ["aws_dynamodb_table.lock", "aws_s3_bucket.state", "aws_s3_bucket.logs"],
    protectedInState: [
      "aws_dynamodb_table.lock",
      "aws_kms_key.key",
      "aws_s3_bucket.logs",
      "aws_s3_bucket.state",
    ],
    before: 18,
    after: 18,
  };

  test("passes when only protected resources are named and nothing was destroyed, even if the key behind them is not reached", () => {
    expect(refusalVerdict(bootstrap)).toEqual({
      verdict: "PASS",
      detail:
        "refused by prevent_destroy on 3 of the 4 resources carrying it (aws_dynamodb_table.lock, aws_s3_bucket.state, aws_s3_bucket.logs); all 18 still in state",
    });
  });

  test("fails when something was destroyed before the refusal", () => {
    expect(refusalVerdict({ ...bootstrap, after: 12 }).verdict).toBe("FAIL");
  });

  test("fails when terraform names a resource that does not carry prevent_destroy", () => {
    const verdict = refusalVerdict({ ...bootstrap, refused: ["aws_iam_role.deploy"] });
    expect(verdict.verdict).toBe("FAIL");
    expect(verdict.detail).toContain("of resources that do not carry it: aws_iam_role.deploy");
  });

  test("fails when the destroy went through", () => {
    expect(refusalVerdict({ ...bootstrap, exitCode: 0, refused: [], after: 0 }).verdict).toBe(
      "FAIL",
    );
  });
});

describe("the rehearsal's drift report", () => {
  test("lists each changed resource with its actions and, for an update, the attributes that differ", () => {
    const changes = plannedChanges({
      resource_changes: [
        { address: "aws_vpc.main", change: { actions: ["no-op"], before: {}, after: {} } },
        {
          address: "aws_ecs_service.api",
          change: {
            actions: ["update"],
            before: { name: "api", launch_type: "", enable_execute_command: false },
            after: { name: "api", launch_type: "FARGATE", enable_execute_command: false },
            after_unknown: { tags_all: true },
          },
        },
        { address: "aws_iam_role_policy.x", change: { actions: ["create"] } },
        { address: "aws_docdb_cluster.db", change: { actions: ["delete", "create"] } },
        { address: "data.aws_region.r", change: { actions: ["read"] } },
      ],
    });
    expect(changes).toEqual([
      "aws_ecs_service.api update (launch_type, tags_all)",
      "aws_iam_role_policy.x create",
      "aws_docdb_cluster.db delete+create",
    ]);
  });
});

describe("the rehearsal's held-lock check", () => {
  test("a plan refused by the holder's own lock passes", () => {
    const plan = { code: 1, stdout: "", stderr: LOCKED_PLAN_OUTPUT };
    expect(lockVerdict(plan, "6497ac36-8797-088a-d757-84cdfe883f49").refused).toBe(true);
  });

  test("a plan refused by some other lock, or not refused, fails", () => {
    const plan = { code: 1, stdout: "", stderr: LOCKED_PLAN_OUTPUT };
    expect(lockVerdict(plan, "another-lock").refused).toBe(false);
    expect(lockVerdict({ code: 0, stdout: "No changes.", stderr: "" }, "x")).toEqual({
      refused: false,
      detail: "concurrent plan exit 0, lock named none (holder's x): No changes.",
    });
  });

  test("the S3 backend's lock is looked up in its DynamoDB table under <bucket>/<key>", () => {
    const backend = stateBackendOf(
      {
        terraform: {
          backend: {
            s3: {
              bucket: "gitana-tfstate-111122223333-eu-west-1",
              key: "gitana/dev/terraform.tfstate",
              region: "eu-west-1",
              dynamodb_table: "gitana-tfstate-lock",
            },
          },
        },
      },
      "/stack",
    );
    const { headers, body } = lockItemRequest(backend as Extract<typeof backend, { kind: "s3" }>);
    expect(headers["X-Amz-Target"]).toBe("DynamoDB_20120810.GetItem");
    expect(headers.Authorization).toContain("/eu-west-1/dynamodb/aws4_request");
    expect(JSON.parse(body)).toEqual({
      TableName: "gitana-tfstate-lock",
      Key: { LockID: { S: "gitana-tfstate-111122223333-eu-west-1/gitana/dev/terraform.tfstate" } },
      ConsistentRead: true,
    });
  });

  test("a lock item's Info is the lock; no item, or the digest item without Info, is no lock", () => {
    const info = JSON.stringify({ ID: "abc", Operation: "OperationTypeInvalid", Who: "ci@runner" });
    expect(
      parseLockItem(JSON.stringify({ Item: { LockID: { S: "b/k" }, Info: { S: info } } })),
    ).toEqual({
      ID: "abc",
      Operation: "OperationTypeInvalid",
      Who: "ci@runner",
    });
    expect(parseLockItem("{}")).toBeUndefined();
    expect(parseLockItem(JSON.stringify({ Item: { Digest: { S: "d41d8cd9" } } }))).toBeUndefined();
  });

  test("a stack without a backend keeps local state beside it; an unknown backend is refused", () => {
    expect(stateBackendOf({}, "/stack")).toEqual({
      kind: "local",
      stateFile: "/stack/terraform.tfstate",
    });
    expect(() => stateBackendOf({ terraform: { backend: { gcs: {} } } }, "/stack")).toThrow(
      'this stack uses "gcs"',
    );
  });

  describe("the lock holder", () => {
    const dir = mkdtempSync(join(tmpdir(), "lock-holder-"));
    const stateFile = join(dir, "terraform.tfstate");
    const infoFile = join(dir, ".terraform.tfstate.lock.info");
    /** Stands in for terraform console: writes the lock info, keeps it until its input ends. */
    const cooperative = `
      const fs = require("fs");
      fs.writeFileSync(${JSON.stringify(infoFile)}, JSON.stringify({ ID: "held-1", Operation: "OperationTypeInvalid", Who: "test" }));
      process.stdin.resume();
      process.stdin.on("end", () => { fs.rmSync(${JSON.stringify(infoFile)}); process.exit(0); });`;
    /** Holds the lock and sits out both the end of its input and SIGTERM, as console did. */
    const stubborn = `
      require("fs").writeFileSync(${JSON.stringify(infoFile)}, JSON.stringify({ ID: "held-2" }));
      process.on("SIGTERM", () => {});
      setInterval(() => {}, 1000);`;

    /** A holder running `script` in node, watched by the local-state probe unless told otherwise. */
    const holdWith = (script: string, options: Partial<HoldOptions> = {}) =>
      LockHolder.hold({
        cwd: dir,
        env: process.env,
        probe: localLockProbe(stateFile),
        command: [process.execPath, "-e", script],
        ...options,
      });

    test("holds until the probe sees the lock, and lets go when its input ends", async () => {
      const holder = await holdWith(cooperative);
      expect(holder.lock.ID).toBe("held-1");
      expect(await holder.release()).toBe("released");
      expect(await localLockProbe(stateFile)()).toBeUndefined();
    });

    test("a holder that ignores the end of its input and SIGTERM is killed", async () => {
      const holder = await holdWith(stubborn, { releaseMs: 300 });
      const started = Date.now();
      expect(await holder.release()).toBe("killed");
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(runningCount()).toBe(0);
    });

    test("a holder that exits before it holds the lock fails with its output", async () => {
      await expect(
        holdWith('console.error("no state"); process.exit(3)', { probe: async () => undefined }),
      ).rejects.toThrow(/exited \(code 3\) before it held the lock: no state/);
    });

    test("a holder that never takes the lock is stopped at the timeout", async () => {
      await expect(
        holdWith("setInterval(() => {}, 1000)", { probe: async () => undefined, timeoutMs: 500 }),
      ).rejects.toThrow(/did not hold the lock within 0.5 s: no output/);
      expect(runningCount()).toBe(0);
    });
  });
});

describe("the rehearsal's child processes", () => {
  test("stopping a child stops what it started too (its process group)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "group-"));
    const pidFile = join(dir, "grandchild.pid");
    const parent = spawnTracked(
      process.execPath,
      [
        "-e",
        `const c = require("child_process").spawn(process.execPath, ["-e", "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: "ignore" });
         require("fs").writeFileSync(${JSON.stringify(pidFile)}, String(c.pid));
         process.on("SIGTERM", () => {}); setInterval(() => {}, 1000);`,
      ],
      { stdio: "ignore" },
    );
    const grandchild = await waitForPid(pidFile);
    expect(await stopGroup(parent, 300)).toBe("SIGKILL");
    expect(hasExited(parent)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(isAlive(grandchild)).toBe(false);
  });
});

async function waitForPid(file: string): Promise<number> {
  for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
  return Number(readFileSync(file, "utf8"));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
