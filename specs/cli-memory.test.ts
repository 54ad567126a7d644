import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';

const SEED = new URL('../examples/seed-bottleneck.yaml', import.meta.url).pathname;

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
});
afterEach(() => {
  jest.restoreAllMocks();
});

const cli = (...args: string[]) => main(['node', 'archcost', ...args]);

describe('analyze --memory, --training, --device', () => {
  test('the default table gains only the inference line', async () => {
    expect(await cli('analyze', SEED)).toBe(0);
    expect(out).toContain('inference    2.02 MiB = weights + peak activations'); // 1,114,112 + 1,003,520 bytes
    expect(out).not.toContain('FLOP/B');
  });

  test('--memory adds weight, traffic and intensity columns and the tensors live at the peak', async () => {
    expect(await cli('analyze', SEED, '--memory')).toBe(0);
    expect(out).toMatch(/Weights.*Moved.*FLOP\/B/);
    expect(out).toContain('live at peak input 784 KiB, reduce 196 KiB');
  });

  test('--device marks memory-bound layers and totals the time', async () => {
    expect(await cli('analyze', SEED, '--device', 't4')).toBe(0);
    expect(out).toMatch(/reduce .*│ memory/);
    expect(out).toMatch(/spatial .*│ compute/);
    expect(out).toContain('2/3 memory');
    expect(out).toMatch(/time {9}55\.3 µs on NVIDIA T4 at float32/);
  });

  test('--optimizer implies --training; JSON carries the training and time fields', async () => {
    expect(await cli('analyze', SEED, '--optimizer', 'sgd', '--device', 'h100', '--format', 'json')).toBe(0);
    const data = JSON.parse(out);
    expect(data.training).toEqual({ optimizer: 'sgd', mixedPrecision: false, dtype: 'float32', stateDtype: 'float32', recompute: 'none' });
    expect(data.totals.training.optimizerStateBytes).toBe(0);
    expect(data.layers[0].time.bound).toBe('compute');
    expect(data.device.name).toBe('NVIDIA H100 SXM');
    expect(data.schemaVersion).toBe(1);
  });

  test('CSV gains columns for the flags given', async () => {
    expect(await cli('analyze', SEED, '--memory', '--mixed-precision', '--device', 'l4', '--format', 'csv')).toBe(0);
    const [header, first] = out.trim().split('\n');
    expect(header).toBe(
      'model,layer,op,output_shape,params,macs,flops,activation_bytes,buffers,weight_bytes,bytes_read,bytes_written,arithmetic_intensity,saved_activation_bytes,backward_flops,time_seconds,bound',
    );
    // reduce: 64·256·4 weight bytes; reads 802,816 + 65,536; writes 200,704; keeps its input at 16 bits (401,408)
    expect(first).toMatch(/^seed-bottleneck,reduce,conv,28x28x64,16384,12845056,25690112,200704,0,65536,868352,200704,[\d.]+,401408,51380224,[\d.e-]+,(memory|compute)$/);
  });

  test('--depth groups keep the new columns summed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'archcost-'));
    const spec = join(dir, 'res.yaml');
    writeFileSync(spec, 'input: [8, 8, 16]\nlayers:\n  - sequence:\n      name: body\n      layers:\n        - conv: {filters: 16, kernel: 3, padding: 1}\n        - relu\n');
    expect(await cli('analyze', spec, '--memory', '--device', 't4', '--depth', '1', '--format', 'markdown')).toBe(0);
    // conv: 4,096 in + 9,280 weights (16·16·9 + 16 = 2,320 params) + 4,096 out; relu: 4,096 + 4,096
    expect(out).toContain('| body | sequence (2 layers) |');
    expect(out).toContain('| 9.06 KiB | 25.1 KiB |');
  });

  test('mistakes are usage errors (exit 2) with a message', async () => {
    expect(await cli('analyze', SEED, '--device', 'tpu9')).toBe(2);
    expect(err).toContain("no built-in device 'tpu9'");
    expect(await cli('analyze', SEED, '--device', 't4', '--dtype', 'bfloat16')).toBe(2);
    expect(err).toContain('NVIDIA T4 has no bfloat16 peak');
    expect(await cli('analyze', SEED, '--optimizer', 'lion')).toBe(2);
    expect(await cli('analyze', SEED, '--device-file', '/nonexistent/dev.yaml')).toBe(2);
    expect(err).toContain('cannot read the device file');
  });

  test('--device-file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'archcost-'));
    const file = join(dir, 'npu.yaml');
    writeFileSync(file, 'name: Tiny NPU\nmemoryBandwidth: 10GB/s\npeakFlops: {float32: 1T}\n');
    expect(await cli('analyze', SEED, '--device-file', file, '--format', 'json')).toBe(0);
    const data = JSON.parse(out);
    // spatial: 411,041,792 FLOPs at 1e12/s against 2,052,096 bytes at 1e10 B/s
    expect(data.layers[2].time).toEqual({ seconds: 411_041_792 / 1e12, computeSeconds: 411_041_792 / 1e12, memorySeconds: 2_052_096 / 1e10, bound: 'compute' });
  });
});

describe('archcost devices', () => {
  test('lists the built-in devices', async () => {
    expect(await cli('devices', '--format', 'json')).toBe(0);
    const ids = JSON.parse(out).devices.map((d: { id: string }) => d.id);
    expect(ids).toEqual(expect.arrayContaining(['h100-sxm', 'a100-80gb', 'v100', 't4', 'l4', 'rtx-4090', 'apple-m2', 'raspberry-pi-4']));
  });
});
