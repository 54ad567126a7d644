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

/**
 * Bits per element of what weights and the KV cache may be stored in (`--weight-dtype`, `--kv-dtype`):
 * the activation dtypes and the quantized formats (fp8 is E4M3 or E5M2, both 8 bits; int4 packs two per byte).
 */
export const STORAGE_BITS = {
  float64: 64,
  float32: 32,
  float16: 16,
  bfloat16: 16,
  fp8: 8,
  int8: 8,
  int4: 4,
} as const;

export type StorageDtype = keyof typeof STORAGE_BITS;

export const STORAGE_DTYPES = Object.keys(STORAGE_BITS) as [StorageDtype, ...StorageDtype[]];

/** Bytes of `elements` values stored as `dtype`: a half-filled last byte of int4 counts whole. */
export function storageBytes(elements: bigint, dtype: StorageDtype): bigint {
  return (elements * BigInt(STORAGE_BITS[dtype]) + 7n) / 8n;
}
