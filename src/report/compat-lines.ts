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
  if (tool === 'darknet') lines.push(...darknetLayerLines(report), `darknet      Total BFLOPS ${(Number(report.totals.flops) / 1e9).toFixed(3)}`);
  if (tool === 'fvcore') lines.push(`fvcore       FlopCountAnalysis.total() ${report.totals.flops}`);
  return lines;
}

const pad = (n: number | string, width: number) => String(n).padStart(width);
/** darknet prints maps as W x H x C. */
const map = (shape: readonly number[]) =>
  shape.length === 3 ? `${pad(shape[1], 4)} x${pad(shape[0], 4)} x${pad(shape[2], 4)}` : shape.map((d) => pad(d, 4)).join(' x');

/**
 * AlexeyAB/darknet's line for each layer its Total BFLOPS counts (parser.c prints them as it builds
 * the network): `   0 conv     16       3 x 3/ 1    416 x 416 x   3 ->  416 x 416 x  16 0.150 BF`.
 * The number is darknet's layer number when the layer's name starts with one (an imported cfg).
 */
function darknetLayerLines(report: Report): string[] {
  const shapes = new Map<string, readonly number[]>([...report.inputs.map((i) => [i.name, i.shape] as const), ...report.layers.map((l) => [l.name, l.outputShape] as const)]);
  const lines: string[] = [];
  report.layers.forEach((layer, position) => {
    if (layer.flops === 0n) return;
    const number = /^(\d+)(\.|$)/.exec(layer.name)?.[1] ?? String(position);
    const input = shapes.get(layer.inputs[0]) ?? [];
    const io = `${map(input)} -> ${map(layer.outputShape)} ${(Number(layer.flops) / 1e9).toFixed(3)} BF`;
    const [k, s] = [layer.window?.kernel ?? [], layer.window?.stride ?? []];
    if (layer.op === 'conv' || layer.op === 'depthwise' || layer.op === 'separable') {
      const filters = layer.outputShape[layer.outputShape.length - 1];
      lines.push(`${pad(number, 4)} conv  ${pad(filters, 5)}      ${pad(k[0], 2)} x${pad(k[1] ?? k[0], 2)}/${pad(s[0], 2)}   ${io}`);
    } else if (layer.op === 'maxpool' || layer.op === 'avgpool') {
      lines.push(`${pad(number, 4)} ${layer.op === 'maxpool' ? 'max' : 'avg'}               ${pad(k[0], 2)}x${pad(k[1] ?? k[0], 2)}/${pad(s[0], 2)}   ${io}`);
    } else {
      lines.push(`${pad(number, 4)} Shortcut Layer: ${layer.inputs.slice(1).join(', ')}                  ${io}`);
    }
  });
  return lines;
}
