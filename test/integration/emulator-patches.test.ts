import { execFile } from "node:child_process";
import { join } from "node:path";

/**
 * The emulator patches that close the rehearsal's drift, checked on moto itself (in-process, no
 * server, no terraform): with the launcher's patches moto answers as AWS does; without them it
 * answers as moto 5.2.1 did, which is what made the second plan after apply show changes.
 */

interface Answers {
  ecsService: {
    launchType: string | null;
    capacityProviderStrategy: { capacityProvider: string; weight: number }[] | null;
    enableECSManagedTags: boolean | null;
    enableExecuteCommand: boolean | null;
  };
  groupRuleDescription: string | null;
  sqs: { dlqPolicyKept: boolean; redrivePolicy: string; redrivePolicySent: string };
  docdbStorageType: string | null;
}

const SCRIPT = join(__dirname, "emulator", "moto_answers.py");

// Asynchronous, so the patched and unpatched runs overlap; the callback form works under the
// unit project's guarded child_process as well.
function answers(mode: "patched" | "unpatched"): Promise<Answers> {
  return new Promise((resolve, reject) =>
    execFile("python3", [SCRIPT, mode], { encoding: "utf8" }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout) as Answers),
    ),
  );
}

describe("moto's answers behind the rehearsal's drift", () => {
  let patched: Answers;
  let unpatched: Answers;
  beforeAll(async () => {
    // Both at once: each process imports moto (seconds on a busy machine).
    [patched, unpatched] = await Promise.all([answers("patched"), answers("unpatched")]);
  }, 300_000);

  test("an ECS service created with a capacity provider strategy keeps its settings and has no launch type", () => {
    expect(patched.ecsService).toEqual({
      launchType: null,
      capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }],
      enableECSManagedTags: true,
      enableExecuteCommand: true,
    });
    expect(unpatched.ecsService).toEqual({
      launchType: "EC2",
      capacityProviderStrategy: null,
      enableECSManagedTags: null,
      enableExecuteCommand: null,
    });
  });

  test("a security group rule that references another group keeps its description", () => {
    expect(patched.groupRuleDescription).toBe("api to port 27017");
    expect(unpatched.groupRuleDescription).toBeNull();
  });

  test("setting a queue's RedriveAllowPolicy leaves its policy in place", () => {
    expect(patched.sqs.dlqPolicyKept).toBe(true);
    expect(unpatched.sqs.dlqPolicyKept).toBe(false);
  });

  test("a queue's RedrivePolicy comes back as the compact JSON it was set with", () => {
    expect(patched.sqs.redrivePolicy).toBe(patched.sqs.redrivePolicySent);
    expect(unpatched.sqs.redrivePolicy).toContain('", "maxReceiveCount": 5}');
  });

  test("a DocumentDB cluster with standard storage reports no storage type", () => {
    expect(patched.docdbStorageType).toBeNull();
    expect(unpatched.docdbStorageType).toBe("gp2");
  });
});
