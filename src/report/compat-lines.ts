import type { Report } from '../counting/analyze.js';
import type { Conventions } from '../counting/conventions.js';

const mb = (n: bigint) => `${(Number(n) / 1e6).toFixed(2)} MB`;
const g = (n: bigint) => `${(Number(n) / 1e9).toFixed(2)} G`;

/** With --compat: what the tool's MACs and FLOPs count. */
export const countedAs = (c: Conventions) => `counted as ${c.preset}: MACs = ${c.macs}; FLOPs = ${c.flops}`;

/** With --compat: the lines of the summary that say how the tool counted, in its own units. */
export function compatLines(report: Report): string[] {
  const tool = report.compat?.tool;
  if (!tool) return [];
  const lines = [countedAs(report.conventions)];
  const f = report.compat!.figures;
  if (tool === 'torchinfo') {
    lines.push(
      `torchinfo    Total mult-adds ${g(f.totalMultAdds)}; input size ${mb(f.inputBytes)}, forward/backward pass size ${mb(f.forwardBackwardBytes)}, ` +
        `params size ${mb(f.paramsBytes)}, estimated total size ${mb(f.estimatedTotalBytes)} (MB = 10^6 bytes)`,
    );
  }
  if (tool === 'ptflops') lines.push(`ptflops      Computational complexity ${(Number(report.totals.macs) / 1e9).toFixed(2)} GMac`);
  if (tool === 'darknet') lines.push(`darknet      Total BFLOPS ${(Number(report.totals.flops) / 1e9).toFixed(3)}`);
  if (tool === 'fvcore') lines.push(`fvcore       FlopCountAnalysis.total() ${report.totals.flops}`);
  return lines;
}
