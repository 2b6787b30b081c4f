import { buildReport } from '../doctor/report';
import { formatReport } from '../doctor/format';

export function doctor(options: { json?: boolean }): number {
  // Before the framework: its import quiets TensorFlow's start-up lines (unless the user chose a level).
  require('@trims/tfjs');
  const report = buildReport();
  console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.problems.length === 0 ? 0 : 1;
}
