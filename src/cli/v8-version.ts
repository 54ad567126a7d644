/**
 * Whether this is Node 20's V8 (11.3), the one whose flags archcost tunes (the interrupt budget
 * while writing, output.ts; the young generation's growth, bin/archcost.js, which reads this from
 * the bundle). Under another V8 the flags are left alone: their defaults and meaning may differ.
 */
export const V8_FLAGS_KNOWN = process.versions.v8.startsWith('11.3.');
