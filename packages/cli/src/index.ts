export { buildReport } from './doctor/report';
export type { DoctorReport } from './doctor/report';
export { formatReport } from './doctor/format';
