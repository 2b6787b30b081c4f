import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

import type { DoctorReport } from '../src';

const TRIMS = path.join(__dirname, '..', '..', 'bin', 'trims.js');

describe('trims doctor', () => {
  it('--json reports versions, where libtensorflow came from, patches and CUDA', () => {
    const env = { ...process.env };
    delete env.TF_CPP_MIN_LOG_LEVEL; // as a user runs it
    const result = spawnSync(process.execPath, [TRIMS, 'doctor', '--json'], {
      encoding: 'utf8',
      env,
    });
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stderr, "TensorFlow's start-up lines").to.not.match(/absl::InitializeLog|oneDNN/);
    const report = JSON.parse(result.stdout) as DoctorReport;
    expect(report.node.version).to.equal(process.version);
    expect(report.tfjs.version).to.equal('4.22.0');
    expect(report.tfjs.core).to.equal('4.22.0');
    expect(report.libtensorflow.version).to.match(/^\d+\.\d+\.\d+/);
    expect(['directory', 'archive', 'wheel']).to.include(report.libtensorflow.origin);
    // Every file in patches/: the binding's, and the loaders' that take shared tensors as they are.
    expect(report.patches.recorded).to.deep.equal([
      '@tensorflow+tfjs-converter+4.22.0.patch',
      '@tensorflow+tfjs-core+4.22.0.patch',
      '@tensorflow+tfjs-layers+4.22.0.patch',
      '@tensorflow+tfjs-node-gpu+4.22.0.patch',
    ]);
    expect(report.patches.active).to.equal(true);
    expect(report.binding.built).to.equal(true);
    expect(report.nativeAddon.loaded).to.equal(true);
    expect(report.tensorflowDevices.some((name) => name.endsWith('device:CPU:0'))).to.equal(true);
    if (report.cuda.available) expect(report.cuda.devices.length).to.be.greaterThan(0);
    else expect(report.cuda.reason).to.be.a('string').and.not.equal('');
    if (process.env.TRIMS_CUDA_DRIVER === 'standin') {
      expect(report.cuda.standIn).to.match(/stand-in/); // named plainly, never silent
      expect(report.cuda.readOnlyMappings).to.equal(true);
    } else {
      expect(report.cuda.standIn).to.equal(undefined);
    }
    expect(report.problems).to.deep.equal([]);
  });

  it('prints the same facts as text', () => {
    const result = spawnSync(process.execPath, [TRIMS, 'doctor'], { encoding: 'utf8' });
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/libtensorflow\s+TF_Version \d+\.\d+/);
    expect(result.stdout).to.match(/from\s+(wheel|archive|directory): /);
    expect(result.stdout).to.match(/active\s+yes/);
    expect(result.stdout).to.match(/cuda\s+(available|not available: .+)/);
    if (process.env.TRIMS_CUDA_DRIVER === 'standin')
      expect(result.stdout).to.match(/STAND-IN\s+.*TRIMS_CUDA_DRIVER=standin/);
    expect(result.stdout).to.contain('No problems found.');
  });
});
