/** ZeRO's stages (Rajbhandari et al. 2020), in a file of their own so the CLI's --zero parser loads no engine module. */
export const ZERO_STAGES = [0, 1, 2, 3] as const;
export type ZeroStage = (typeof ZERO_STAGES)[number];

/** Why `value` is not a ZeRO stage, or undefined when it is one. */
export function zeroStageProblem(value: unknown): string | undefined {
  return (ZERO_STAGES as readonly unknown[]).includes(value) ? undefined : `expected 0, 1, 2 or 3, got ${String(value)}`;
}
