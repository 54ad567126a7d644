/** The counting conventions: archcost's own, or a tool's reproduced by `--compat` (see compat.ts). */
export const PRESETS = ['archcost', 'ptflops', 'fvcore', 'torchinfo', 'darknet'] as const;
export type Preset = (typeof PRESETS)[number];
