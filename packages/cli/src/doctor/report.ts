import * as fs from 'node:fs';

import { bindingPath, frameworkDir, readProvenance } from '@trims/setup/layout';

/** Everything `trims doctor` checks; also its --json form. */
export interface DoctorReport {
  node: { version: string; platform: string; arch: string; napi: string };
  tfjs: { package: string; version: string | null; core: string | null };
  libtensorflow: {
    version: string | null;
    origin: string | null;
    source: string | null;
    variant: string | null;
    skipped: string[];
  };
  patches: { recorded: string[]; active: boolean };
  binding: { path: string; built: boolean };
  nativeAddon: { loaded: boolean; error?: string };
  cuda: {
    available: boolean;
    reason?: string;
    library?: string;
    driverVersion?: number;
    /** Set when TRIMS_CUDA_DRIVER=standin chose the stand-in (no GPU): its description. */
    standIn?: string;
    /** Importers get read-only device mappings (the driver accepts PROT_READ). */
    readOnlyMappings?: boolean;
    devices: Array<{ index: number; name: string; computeCapability: string; totalMemory: number }>;
  };
  tensorflowDevices: string[];
  problems: string[];
}

function frameworkVersion(): string | null {
  try {
    const manifest = JSON.parse(fs.readFileSync(`${frameworkDir()}/package.json`, 'utf8')) as {
      version: string;
    };
    return manifest.version;
  } catch {
    return null;
  }
}

function checkCuda(report: DoctorReport): void {
  let native: typeof import('@trims/native-cuda');
  try {
    native = require('@trims/native-cuda') as typeof import('@trims/native-cuda');
    report.nativeAddon.loaded = true;
  } catch (error) {
    report.nativeAddon.error = (error as Error).message;
    report.problems.push('the @trims/native-cuda addon does not load');
    return;
  }
  const status = native.cuda.status();
  report.cuda = { ...report.cuda, ...status };
  if (status.available) {
    report.cuda.devices = native.cuda
      .devices()
      .map(({ index, name, computeCapability, totalMemory }) => ({
        index,
        name,
        computeCapability,
        totalMemory,
      }));
    try {
      report.cuda.readOnlyMappings = native.cuda.readOnlyMappings();
    } catch (error) {
      report.problems.push(`sharing device memory failed: ${(error as Error).message}`);
    }
  }
}

function checkFramework(report: DoctorReport): void {
  try {
    const { loadFramework } = require('@trims/tensorflow') as typeof import('@trims/tensorflow');
    const { tf, patched, internals } = loadFramework();
    report.libtensorflow.version = internals.tensorflowVersion();
    report.tfjs.core = tf.version_core;
    report.patches.active = true;
    report.tensorflowDevices = patched.deviceNames();
  } catch (error) {
    report.problems.push((error as Error).message);
  }
}

export function buildReport(): DoctorReport {
  const provenance = readProvenance();
  const report: DoctorReport = {
    node: {
      version: process.version,
      platform: process.platform,
      arch: process.arch,
      napi: process.versions.napi ?? '?',
    },
    tfjs: { package: '@tensorflow/tfjs-node-gpu', version: frameworkVersion(), core: null },
    libtensorflow: {
      version: null,
      origin: provenance.libtensorflow?.origin ?? null,
      source: provenance.libtensorflow?.source ?? null,
      variant: provenance.libtensorflow?.variant ?? null,
      skipped: provenance.libtensorflow?.skipped ?? [],
    },
    patches: { recorded: (provenance.patches ?? []).map((patch) => patch.file), active: false },
    binding: { path: bindingPath(), built: fs.existsSync(bindingPath()) },
    nativeAddon: { loaded: false },
    cuda: { available: false, devices: [] },
    tensorflowDevices: [],
    problems: [],
  };
  checkCuda(report);
  checkFramework(report);
  return report;
}
