import * as fs from 'node:fs';

/**
 * Whether this machine has an NVIDIA GPU with its driver loaded, judged
 * from the kernel driver's files, without loading any CUDA library.
 */
export function nvidiaGpuPresent(): boolean {
  try {
    return fs.readdirSync('/proc/driver/nvidia/gpus').length > 0;
  } catch {
    return fs.existsSync('/dev/nvidia0');
  }
}
