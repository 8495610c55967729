import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

/**
 * The child processes of a rehearsal (the emulator, every terraform), so that none outlives it.
 * Each runs in its own process group: stopping it stops what it started too (terraform's provider
 * plugins, moto's server threads). A Ctrl-C in the terminal reaches only this process, which then
 * stops them all: `terraform console` sits out SIGINT and SIGTERM while it waits for input, and
 * werkzeug may sit out SIGTERM while a request thread lives, so a group that has not exited
 * after the grace period is killed.
 */

const running = new Set<ChildProcess>();

/** Grace between SIGTERM and SIGKILL. */
export const STOP_GRACE_MS = 5_000;

/** `spawn` in a process group of its own, tracked until it exits. */
export function spawnTracked(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  running.add(child);
  child.once("exit", () => running.delete(child));
  child.once("error", () => running.delete(child));
  return child;
}

/** Whether the child has exited (or never started). */
export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
}

/**
 * SIGTERM to the child's process group, SIGKILL after `graceMs` if it is still there; resolves
 * once the child has exited, with the signal that ended it (undefined when it was gone already).
 */
export function stopGroup(
  child: ChildProcess,
  graceMs = STOP_GRACE_MS,
): Promise<NodeJS.Signals | undefined> {
  if (hasExited(child)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let sent: NodeJS.Signals = "SIGTERM";
    const kill = setTimeout(() => signalGroup(child, (sent = "SIGKILL")), graceMs);
    child.once("exit", () => {
      clearTimeout(kill);
      signalGroup(child, "SIGKILL"); // what the leader started and left behind
      resolve(sent);
    });
    signalGroup(child, "SIGTERM");
  });
}

/** Waits up to `ms` for the child to exit by itself; true if it did. */
export function exitWithin(child: ChildProcess, ms: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const exited = () => (clearTimeout(timer), resolve(true));
    // Called in a polling loop: a listener left behind per call would pile up.
    const timer = setTimeout(() => (child.off("exit", exited), resolve(false)), ms);
    child.once("exit", exited);
  });
}

/** Stops every tracked child (and its group). */
export async function stopAll(graceMs = STOP_GRACE_MS): Promise<void> {
  await Promise.all([...running].map((child) => stopGroup(child, graceMs)));
}

/** How many tracked children are still running. */
export function runningCount(): number {
  return running.size;
}

/**
 * On SIGINT or SIGTERM, or when the parent process is gone: stop every child, then exit with
 * 128 + the signal's number, as a shell reports a process ended by it. The parent check covers
 * `npm run rehearse` itself being sent SIGTERM (a CI timeout): npm's `sh -c` dies without passing
 * the signal on, and this process would run on as an orphan. Returns a function that removes
 * the handlers.
 */
export function stopChildrenOnSignal(): () => void {
  const stop = (reason: string, code: number) => {
    console.error(`\n${reason}: stopping the emulator and terraform (${running.size} running)`);
    void stopAll().then(() => process.exit(code));
  };
  const onSignal = (signal: NodeJS.Signals) => stop(signal, signal === "SIGINT" ? 130 : 143);
  const parent = process.ppid;
  const orphaned = setInterval(() => {
    if (process.ppid !== parent) stop("the parent process exited", 143);
  }, 1_000).unref();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return () => {
    clearInterval(orphaned);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-(child.pid as number), signal);
  } catch {
    // The group is gone already: nothing left to stop.
  }
}
