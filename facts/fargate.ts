/**
 * The task sizes Fargate accepts: for each CPU (units of 1/1024 vCPU), the memory range in MiB
 * and its step. Any other pair is rejected by ECS at deploy time.
 */
export const FARGATE_SIZES: Readonly<Record<number, { min: number; max: number; step: number }>> = {
  256: { min: 512, max: 2048, step: 512 }, // but not 1536: see fargateSizeProblem
  512: { min: 1024, max: 4096, step: 1024 },
  1024: { min: 2048, max: 8192, step: 1024 },
  2048: { min: 4096, max: 16384, step: 1024 },
  4096: { min: 8192, max: 30720, step: 1024 },
  8192: { min: 16384, max: 61440, step: 4096 },
  16384: { min: 32768, max: 122880, step: 8192 },
};

/** Why `cpu`/`memory` is not a Fargate size, or undefined when it is. */
export function fargateSizeProblem(cpu: number, memory: number): string | undefined {
  const sizes = FARGATE_SIZES[cpu];
  if (!sizes)
    return `cpu ${cpu} is not a Fargate size; use one of ${Object.keys(FARGATE_SIZES).join(", ")}`;
  // 256 CPU is the one size whose memory is a list, not a range: 512, 1024 or 2048.
  const fits =
    cpu === 256
      ? [512, 1024, 2048].includes(memory)
      : memory >= sizes.min && memory <= sizes.max && (memory - sizes.min) % sizes.step === 0;
  if (fits) return undefined;
  if (cpu === 256)
    return `memory ${memory} does not go with cpu 256; Fargate allows 512, 1024 or 2048`;
  return `memory ${memory} does not go with cpu ${cpu}; Fargate allows ${sizes.min} to ${sizes.max} in steps of ${sizes.step}`;
}

/**
 * Why a scaling range is not one, or undefined when it is: the fewest tasks may not exceed the
 * most. Worded to follow the minimum's name (`minCount 3 must not exceed ...`).
 */
export function scalingRangeProblem(minCount: number, maxCount: number): string | undefined {
  return minCount > maxCount ? `must not exceed maxCount (${maxCount})` : undefined;
}
