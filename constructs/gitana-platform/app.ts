import { App, type AppConfig } from "cdktf";

/**
 * The cdktf App of every synth here (main.ts, preview, checks, module mode, bench), without stack
 * traces: not in construct metadata (`stackTraces: false`), and not for every token either
 * (patches/cdktf+0.21.0.patch, a backport of cdk-terrain#215), which alone is a fifth of a synth.
 * Nobody reads them; run with `CDKTN_DISABLE_CREATION_STACK=` (empty) to get a token's creation
 * stack back when it will not resolve.
 */
export function createApp(config: AppConfig = {}): App {
  skipTokenCreationStacks();
  return new App({ stackTraces: false, ...config });
}

/** Switches token creation stacks off, unless CDKTN_DISABLE_CREATION_STACK is already set. */
export function skipTokenCreationStacks(): void {
  process.env.CDKTN_DISABLE_CREATION_STACK ??= "1";
}
