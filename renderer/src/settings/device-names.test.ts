import { describe, expect, it } from 'vitest';
import { deviceName } from './device-names';

describe('deviceName', () => {
  it('names the devices the engine reports as people know them, and passes others through', () => {
    expect(deviceName('cpu')).toBe('CPU');
    expect(deviceName('cuda')).toBe('CUDA (NVIDIA)');
    expect(deviceName('webgpu')).toBe('WebGPU');
    expect(deviceName('npu')).toBe('npu');
  });
});
