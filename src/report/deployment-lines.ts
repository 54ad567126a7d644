import type { Report } from '../counting/analyze.js';
import type { Communication } from '../counting/deployment.js';
import type { Messages } from '../i18n/messages.js';

/** A rate in decimal units as vendors print it: 900 GB/s. */
const bytesPerSecond = (m: Messages, rate: bigint) => `${m.n.si(rate)}B/s`;

/** Tokens per second: whole and grouped from 100 up, three digits below. */
export const tokensText = (m: Messages, x: number) => (x >= 100 ? m.n.int(Math.round(x)) : m.n.threeDigits(x));

/** Each part of a step's communication, in words: "tensor-parallel all-reduce of activations 1.2 GiB (2.7 ms)". */
function communicationParts(communication: Communication, m: Messages): string[] {
  const d = m.deploy;
  return communication.parts.map((p) =>
    d.part(d.kind[p.kind] ?? p.kind, d.what[p.what] ?? p.what, d.group[p.group], m.n.bytes(p.bytes).trim(), p.seconds === undefined ? undefined : m.n.duration(p.seconds)),
  );
}

/** analyze's lines for --weight-dtype and --kv-dtype, and for a model spread over devices (docs/parallelism.md). */
export function deploymentLines(report: Report, m: Messages): string[] {
  const { deploy: d, n } = m;
  const bytes = (b: bigint) => n.bytes(b).trim();
  const lines: string[] = [];
  const w = report.weights;
  if (w) lines.push(d.quantized(w.quantizedLayers, w.dtype, w.groupSize, report.dtype, w.kept.join(', ')));
  if (report.kvDtype && report.totals.kvCacheBytes > 0n) lines.push(d.kvStored(report.kvDtype));
  const p = report.parallel;
  const t = report.totals;
  if (!p || !t.perDevice) return lines;
  lines.push(d.devices(p.devices, p.dataParallel, p.tensorParallel, p.pipelineParallel, p.zero));
  if (p.tensorParallel > 1) lines.push(d.splits(p.splits, n.int(p.replicatedParams)));
  if (p.pipelineParallel > 1) lines.push(d.stages(p.stages.map((s) => d.stage(s.first, s.last, bytes(s.weightBytes)))));
  const training = t.training?.perDevice;
  if (training) {
    const x = training;
    const recompute = report.training?.recompute === 'none' ? undefined : bytes(x.recomputeBytes);
    lines.push(
      d.perDeviceTraining(bytes(x.totalBytes), bytes(x.weightBytes), x.masterWeightBytes ? bytes(x.masterWeightBytes) : undefined, bytes(x.gradientBytes), bytes(x.optimizerStateBytes), bytes(x.savedActivationBytes), recompute, x.stage + 1, p.stages.length),
    );
  } else {
    const x = t.perDevice;
    lines.push(d.perDevice(bytes(x.weightBytes), bytes(x.peakActivationBytes), bytes(x.kvCacheBytes), bytes(x.inferenceBytes), x.stage + 1, p.stages.length));
  }
  const c = t.communication;
  if (c && p.devices > 1) {
    const links = report.device?.linksBytesPerSecond;
    lines.push(d.communication(bytes(c.bytes), communicationParts(c, m), c.seconds === undefined ? undefined : n.duration(c.seconds), links ? bytesPerSecond(m, links) : undefined));
  }
  const time = t.perDevice.time;
  if (time) lines.push(d.deployment(n.duration(time.seconds), tokensText(m, time.tokensPerSecond), tokensText(m, time.tokensPerSecondPerDevice)));
  return lines;
}
