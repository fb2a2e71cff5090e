import { notAvailable } from '../command.js';

export const cancelCommand = notAvailable('cancel', 'Cancel running batches');
