import { describe, expect, it } from 'vitest';
import { tempDir } from '../core/testing/sample-images.js';
import { buildProgram } from './program.js';

describe('altlens doctor (real devices, real exiftool)', () => {
  it('reports versions, the model cache and each device with its result', async () => {
    let stdout = '';
    const dataDir = tempDir('doctor');
    const program = buildProgram({ out: (text) => (stdout += text), err: () => undefined });
    await program.parseAsync(['node', 'altlens', 'doctor', '--json', '--data-dir', dataDir]);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      platform: `${process.platform} ${process.arch}`,
      versions: {
        onnxruntimeNode: expect.stringMatching(/^1\.\d+\.\d+/),
        transformers: expect.stringMatching(/^4\.\d+\.\d+/),
        exiftool: expect.stringMatching(/^\d+\.\d+/),
      },
      modelCache: `${dataDir}/models`,
    });
    const devices = report.devices as { device: string; works: boolean; reason: string | null }[];
    // The CPU always works; on this Linux machine without a GPU, CUDA and WebGPU each say why not.
    expect(devices.at(-1)).toEqual({ device: 'cpu', works: true, reason: null });
    for (const check of devices.slice(0, -1)) {
      expect(check.works || (check.reason ?? '').length > 10).toBe(true);
    }
  });
});
