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

/** The name for people of a device the captions ran on, as the core reports it ("cpu" → "CPU"). */
export function deviceName(device: string): string {
  return deviceNames.find(([choice]) => choice === device)?.[1] ?? device;
}
