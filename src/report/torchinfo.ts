import type { TorchinfoSizes } from '../counting/torchinfo.js';
import { grouped } from '../core/numbers.js';

/**
 * Bytes in MB as torchinfo prints them: Python's `f"{num / 1e6:,.2f}"` (`:,d` when the quotient is
 * whole). Both Python and toFixed round the double exactly; they differ only on exact ties, which a
 * double hits at k + j/8 (j odd): toFixed goes up there, Python to the even hundredth.
 */
export function torchinfoMegabytes(bytes: bigint): string {
  const mb = Number(bytes) / 1e6;
  if (Number.isInteger(mb)) return grouped(BigInt(mb));
  const tie = Number.isInteger(mb * 8) && !Number.isInteger(mb * 4);
  const floor = Math.floor(mb * 100);
  const hundredths = tie ? floor + (floor % 2) : Number(mb.toFixed(2).replace('.', ''));
  return `${grouped(BigInt(Math.floor(hundredths / 100)))}.${String(hundredths % 100).padStart(2, '0')}`;
}

/** The four size lines of torchinfo's summary footer, in its wording. */
export function torchinfoLines(sizes: TorchinfoSizes): string[] {
  return [
    `Input size (MB): ${torchinfoMegabytes(sizes.inputBytes)}`,
    `Forward/backward pass size (MB): ${torchinfoMegabytes(sizes.forwardBackwardBytes)}`,
    `Params size (MB): ${torchinfoMegabytes(sizes.paramsBytes)}`,
    `Estimated Total Size (MB): ${torchinfoMegabytes(sizes.totalBytes)}`,
  ];
}
