import { notAvailable } from '../command.js';

export const publishCommand = notAvailable(
  'publish',
  'Turn results into validated conversations, write the dataset and push it to the Hub',
);
