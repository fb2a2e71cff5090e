import { notAvailable } from '../command.js';

export const submitCommand = notAvailable(
  'submit',
  'Upload the parts, run the batches and download the results (spends money)',
);
