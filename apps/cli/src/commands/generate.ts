import { notAvailable } from '../command.js';

export const generateCommand = notAvailable(
  'generate',
  'Write one Batch API request per topic and prompt template, with a cost estimate',
);
