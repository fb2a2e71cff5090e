export * from './backoff.js';
export * from './ledger.js';
export * from './options.js';
export * from './results.js';
export * from './retry-part.js';
export * from './scheduler.js';
