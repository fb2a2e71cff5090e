import { notAvailable } from '../command.js';

export const extractCommand = notAvailable('extract', 'Parse an EPUB into chapters and numbered topics');
