/** Bytes per element of each supported dtype. */
export const DTYPE_BYTES = {
  float32: 4,
  float16: 2,
  bfloat16: 2,
  int8: 1,
  float64: 8,
} as const;

export type Dtype = keyof typeof DTYPE_BYTES;

export const DTYPES = Object.keys(DTYPE_BYTES) as [Dtype, ...Dtype[]];
