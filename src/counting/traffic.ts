/**
 * Memory traffic of one layer run at inference, the roofline's byte count: the layer reads each of
 * its input tensors and its weights once and writes its output once (no caching, no fusion).
 * The batch multiplies inputs and outputs; weights are read once per run whatever the batch.
 */
export interface Traffic {
  /** (params + buffers + weights shared from another layer) · dtype bytes. */
  weightBytes: bigint;
  /** Distinct input tensors + weights + K/V cache read + workspace. */
  bytesRead: bigint;
  /** The output tensor (= activationBytes) + K/V cache written + workspace. */
  bytesWritten: bigint;
  /** FLOPs per byte moved: flops / (bytesRead + bytesWritten); see `intensity`. */
  arithmeticIntensity: number;
}

/**
 * `extra`: what the layer moves besides its tensors and weights: the K/V cache it reads and writes,
 * and its workspace (attention's scores and probabilities without flash), written once and read once.
 */
export function layerTraffic(
  flops: bigint,
  weightBytes: bigint,
  inputBytes: readonly bigint[],
  outputBytes: bigint,
  extra: { read: bigint; written: bigint } = { read: 0n, written: 0n },
): Traffic {
  const bytesRead = inputBytes.reduce((sum, b) => sum + b, 0n) + weightBytes + extra.read;
  const bytesWritten = outputBytes + extra.written;
  return { weightBytes, bytesRead, bytesWritten, arithmeticIntensity: intensity(flops, bytesRead + bytesWritten) };
}

/**
 * FLOPs per byte as a double: the quotient of the two exact integers, correctly rounded while both
 * are below 2^53 (Number(a) / Number(b) rounds once), within a few ulps past that. 0 bytes gives 0.
 */
export function intensity(flops: bigint, bytes: bigint): number {
  return bytes === 0n ? 0 : Number(flops) / Number(bytes);
}
