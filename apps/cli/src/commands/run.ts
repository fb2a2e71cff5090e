import { notAvailable } from '../command.js';

export const runCommand = notAvailable('run', 'Run the whole pipeline on one book, with a spending guard');
