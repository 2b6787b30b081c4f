import { buildReport } from '../doctor/report';
import { formatReport } from '../doctor/format';

export function doctor(options: { json?: boolean }): number {
  const report = buildReport();
  console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.problems.length === 0 ? 0 : 1;
}
