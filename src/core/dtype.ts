import { didYouMean, showValue } from './errors.js';

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

/** What weights and the KV cache may be stored in (`--weight-dtype`, `--kv-dtype`): the activation dtypes and two quantized formats. */
export type StorageDtype = Dtype | 'fp8' | 'int4';

/** Bits per element of each: fp8 is E4M3 or E5M2, both 8 bits; int4 packs two per byte. */
export const STORAGE_BITS: Readonly<Record<StorageDtype, number>> = {
  ...(Object.fromEntries(DTYPES.map((d) => [d, DTYPE_BYTES[d] * 8])) as Record<Dtype, number>),
  fp8: 8,
  int4: 4,
};

export const STORAGE_DTYPES = Object.keys(STORAGE_BITS) as [StorageDtype, ...StorageDtype[]];

/** Bytes of `elements` values stored as `dtype`: a half-filled last byte of int4 counts whole. */
export function storageBytes(elements: bigint, dtype: StorageDtype): bigint {
  return (elements * BigInt(STORAGE_BITS[dtype]) + 7n) / 8n;
}

/** Other tools' names for the dtypes (PyTorch's `half`, NumPy's `fp16`, ONNX's `float`...). */
const DTYPE_IDIOMS: Record<string, Dtype> = {
  fp32: 'float32',
  f32: 'float32',
  float: 'float32',
  single: 'float32',
  fp16: 'float16',
  f16: 'float16',
  half: 'float16',
  bf16: 'bfloat16',
  fp64: 'float64',
  f64: 'float64',
  double: 'float64',
  i8: 'int8',
  qint8: 'int8',
};

/** The archcost name of a dtype written another tool's way (`fp16` → `float16`), if it is one. */
export function dtypeIdiom(text: string): Dtype | undefined {
  const key = text.trim().toLowerCase().replace(/^torch\.|^np\.|^numpy\./, '');
  return Object.hasOwn(DTYPE_IDIOMS, key) ? DTYPE_IDIOMS[key] : undefined;
}

/** Why a dtype was refused: the archcost name for another tool's (`fp16`), else the nearest one. */
export function dtypeProblem(value: unknown): string {
  const idiom = typeof value === 'string' ? dtypeIdiom(value) : undefined;
  if (idiom) return `${showValue(value)} is written ${idiom} in archcost`;
  const hint = typeof value === 'string' ? didYouMean(value, DTYPES) : '';
  return `expected one of ${DTYPES.join(', ')}, got ${showValue(value)}${hint}`;
}
