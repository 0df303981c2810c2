import type { DeviceChoice } from '../../../contract/api';

/** Each device choice's name for people, in the order they are offered. */
export const deviceNames: [DeviceChoice, string][] = [
  ['auto', 'Automatic'],
  ['cpu', 'CPU'],
  ['gpu', 'Any GPU'],
  ['cuda', 'CUDA (NVIDIA)'],
  ['dml', 'DirectML (Windows)'],
  ['coreml', 'Core ML (macOS)'],
  ['webgpu', 'WebGPU'],
];
