import { notAvailable } from '../command.js';

export const preprocessCommand = notAvailable(
  'preprocess',
  'Clean the extracted text (unicode, OCR splits, spoken math) without damaging formulas',
);
