import { notAvailable } from '../command.js';

export const statusCommand = notAvailable(
  'status',
  "Show each part's batch, its state, counts and cost so far",
);
