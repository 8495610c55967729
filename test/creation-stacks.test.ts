import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Lazy } from "cdktf";
import { createApp } from "../constructs/gitana-platform/app";

/**
 * patches/cdktf+0.21.0.patch (applied by `npm ci`'s postinstall) lets CDKTN_DISABLE_CREATION_STACK
 * switch off the stack trace cdktf records for every token; createApp switches it off unless the
 * caller chose otherwise.
 */
const outdir = mkdtempSync(join(tmpdir(), "gitana-creation-stacks-"));
const creationStack = () => Lazy.anyValue({ produce: () => "value" }).creationStack;

describe("token creation stacks", () => {
  const before = process.env.CDKTN_DISABLE_CREATION_STACK;
  afterEach(() => {
    if (before === undefined) delete process.env.CDKTN_DISABLE_CREATION_STACK;
    else process.env.CDKTN_DISABLE_CREATION_STACK = before;
  });

  test("are recorded by default, with this test among the frames", () => {
    delete process.env.CDKTN_DISABLE_CREATION_STACK;
    expect(creationStack().some((frame) => frame.includes("creation-stacks.test.ts"))).toBe(true);
  });

  test("are not recorded when CDKTN_DISABLE_CREATION_STACK is set (the patch is applied)", () => {
    process.env.CDKTN_DISABLE_CREATION_STACK = "1";
    expect(creationStack()).toEqual([]);
  });

  test("createApp switches them off", () => {
    delete process.env.CDKTN_DISABLE_CREATION_STACK;
    createApp({ outdir });
    expect(process.env.CDKTN_DISABLE_CREATION_STACK).toBe("1");
    expect(creationStack()).toEqual([]);
  });

  test("createApp leaves an explicit choice alone: empty turns them back on", () => {
    process.env.CDKTN_DISABLE_CREATION_STACK = "";
    createApp({ outdir });
    expect(process.env.CDKTN_DISABLE_CREATION_STACK).toBe("");
    expect(creationStack().length).toBeGreaterThan(0);
  });
});
