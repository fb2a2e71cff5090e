import { notAvailable } from '../command.js';

export const reportCommand = notAvailable(
  'report',
  'Write data/report.html: charts and key numbers of a run',
);
