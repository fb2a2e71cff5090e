import { notAvailable } from '../command.js';

export const splitCommand = notAvailable(
  'split',
  'Split a Batch API input file into parts under every API limit',
);
