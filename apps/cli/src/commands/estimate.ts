import { notAvailable } from '../command.js';

export const estimateCommand = notAvailable(
  'estimate',
  'Estimate tokens and cost of any Batch API input file',
);
