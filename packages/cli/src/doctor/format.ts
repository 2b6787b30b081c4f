import { DoctorReport } from './report';

const GiB = 1024 ** 3;

function row(label: string, value: string): string {
  return `  ${label.padEnd(15)} ${value}`;
}

export function formatReport(report: DoctorReport): string {
  const lines = ['trims doctor'];
  lines.push(
    row(
      'node',
      `${report.node.version} (${report.node.platform}-${report.node.arch}, N-API ${report.node.napi})`,
    ),
  );
  lines.push(
    row(
      'tfjs',
      `${report.tfjs.package} ${report.tfjs.version ?? 'not installed'}, tfjs-core ${report.tfjs.core ?? '?'}`,
    ),
  );
  const lib = report.libtensorflow;
  lines.push(
    row('libtensorflow', `TF_Version ${lib.version ?? 'unknown (framework did not load)'}`),
  );
  lines.push(
    row(
      '  from',
      lib.origin === null
        ? 'not provisioned by set-up'
        : `${lib.origin}: ${lib.source} (${lib.variant})`,
    ),
  );
  for (const skipped of lib.skipped) lines.push(row('  passed over', skipped));
  lines.push(
    row(
      'patches',
      report.patches.recorded.length === 0 ? 'none recorded' : report.patches.recorded.join(', '),
    ),
  );
  lines.push(
    row('  active', report.patches.active ? 'yes (tf.node.createTensorFromMemory present)' : 'no'),
  );
  lines.push(
    row('binding', `${report.binding.built ? 'built' : 'missing'}: ${report.binding.path}`),
  );
  lines.push(
    row(
      'native addon',
      report.nativeAddon.loaded ? 'loaded' : `not loaded: ${report.nativeAddon.error ?? ''}`,
    ),
  );
  const cuda = report.cuda;
  if (cuda.available) {
    lines.push(
      row(
        'cuda',
        `available: ${cuda.devices.length} device(s), driver ${cuda.driverVersion} (${cuda.library})`,
      ),
    );
    if (cuda.standIn)
      lines.push(
        row(
          '  STAND-IN',
          `${cuda.standIn}: chosen by TRIMS_CUDA_DRIVER=standin; device memory is host memory`,
        ),
      );
    lines.push(
      row(
        '  sharing',
        cuda.readOnlyMappings
          ? 'VMM fds, clients map read-only'
          : 'VMM fds, clients map READ-WRITE (the driver refuses read-only mappings)',
      ),
    );
    for (const device of cuda.devices) {
      lines.push(
        row(
          `  gpu:${device.index}`,
          `${device.name}, sm_${device.computeCapability}, ${(device.totalMemory / GiB).toFixed(1)} GiB`,
        ),
      );
    }
  } else {
    lines.push(
      row(
        'cuda',
        `not available: ${(cuda.reason ?? 'unknown').split('\n').join('\n' + ' '.repeat(18))}`,
      ),
    );
  }
  lines.push(row('tf devices', report.tensorflowDevices.join(', ') || 'none'));
  if (report.problems.length > 0) {
    lines.push('', 'Problems:');
    for (const problem of report.problems)
      lines.push(...problem.split('\n').map((line) => `  ${line}`));
  } else {
    lines.push('', 'No problems found.');
  }
  return lines.join('\n');
}
