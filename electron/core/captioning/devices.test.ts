import { describe, expect, it } from 'vitest';
import { deviceCandidates, knownUnavailable } from './devices.js';

describe('device candidates', () => {
  it('tries the platform GPUs first and always ends on the CPU', () => {
    expect(deviceCandidates('auto', 'linux')).toEqual(['cuda', 'webgpu', 'cpu']);
    expect(deviceCandidates('gpu', 'win32')).toEqual(['cuda', 'dml', 'webgpu', 'cpu']);
    expect(deviceCandidates('auto', 'darwin')).toEqual(['coreml', 'webgpu', 'cpu']);
    expect(deviceCandidates('cuda', 'linux')).toEqual(['cuda', 'cpu']);
    expect(deviceCandidates('cpu', 'linux')).toEqual(['cpu']);
  });

  it('knows which devices cannot exist on a platform, and that CUDA here was not installed', () => {
    expect(knownUnavailable('dml', 'linux')).toBe('dml is not available on linux.');
    expect(knownUnavailable('coreml', 'win32')).toBe('coreml is not available on win32.');
    expect(knownUnavailable('cpu', 'linux')).toBeNull();
    expect(knownUnavailable('cuda', 'linux', () => false)).toMatch(
      /CUDA libraries for onnxruntime-node are not installed \(opt in with: ONNXRUNTIME_NODE_INSTALL=cuda12/,
    );
    expect(knownUnavailable('cuda', 'linux', () => true)).toBeNull();
  });
});
