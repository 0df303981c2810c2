import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DeviceChoice } from '../../../contract/api.js';

export const DEVICE_CHOICES = DeviceChoice.options;
export type { DeviceChoice };
export type Device = Exclude<DeviceChoice, 'auto' | 'gpu'>;

export interface SkippedDevice {
  readonly device: Device;
  readonly reason: string;
}

/** GPU devices worth trying on each platform, best first (DESIGN §3). */
function gpuDevices(platform: NodeJS.Platform): Device[] {
  switch (platform) {
    case 'win32':
      return ['cuda', 'dml', 'webgpu'];
    case 'darwin':
      return ['coreml', 'webgpu'];
    case 'linux':
      return ['cuda', 'webgpu'];
    default:
      return ['webgpu'];
  }
}

/** The devices to try for a choice, in order; CPU always comes last, so something always runs. */
export function deviceCandidates(
  choice: DeviceChoice,
  platform: NodeJS.Platform = process.platform,
): Device[] {
  const candidates: Device[] = choice === 'auto' || choice === 'gpu' ? gpuDevices(platform) : [choice];
  return candidates.includes('cpu') ? candidates : [...candidates, 'cpu'];
}

export const CUDA_OPT_IN = 'ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node';

/**
 * Reasons known before trying a device: a device this platform's onnxruntime-node cannot have, or CUDA
 * whose provider library was not installed (the project skips that download unless asked: README).
 */
export function knownUnavailable(
  device: Device,
  platform: NodeJS.Platform = process.platform,
  cudaInstalled: () => boolean = cudaProviderInstalled,
): string | null {
  const onPlatform: Record<Device, NodeJS.Platform[] | 'all'> = {
    cpu: 'all',
    webgpu: 'all',
    cuda: ['linux', 'win32'],
    dml: ['win32'],
    coreml: ['darwin'],
  };
  const allowed = onPlatform[device];
  if (allowed !== 'all' && !allowed.includes(platform)) return `${device} is not available on ${platform}.`;
  if (device === 'cuda' && platform === 'linux' && !cudaInstalled()) {
    return `the CUDA libraries for onnxruntime-node are not installed (opt in with: ${CUDA_OPT_IN}).`;
  }
  return null;
}

/** Linux: onnxruntime-node's install step puts the CUDA provider beside its binding, when not skipped. */
function cudaProviderInstalled(): boolean {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('onnxruntime-node/package.json'));
  return existsSync(join(root, 'bin', 'napi-v6', 'linux', process.arch, 'libonnxruntime_providers_cuda.so'));
}
