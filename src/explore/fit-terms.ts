/** The memory terms of one device: inference's three, or training's six (apart from fit-model.ts so the output schemas load no engine module). */
export const INFERENCE_TERMS = ['weightBytes', 'peakActivationBytes', 'kvCacheBytes'] as const;
export const TRAINING_TERMS = ['weightBytes', 'masterWeightBytes', 'gradientBytes', 'optimizerStateBytes', 'savedActivationBytes', 'recomputeBytes'] as const;
export type FitTerm = (typeof INFERENCE_TERMS)[number] | (typeof TRAINING_TERMS)[number];

/** Every term once, inference's first. */
export const FIT_TERMS = [...new Set<FitTerm>([...INFERENCE_TERMS, ...TRAINING_TERMS])] as [FitTerm, ...FitTerm[]];
