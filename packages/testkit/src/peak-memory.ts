import { readFileSync } from 'node:fs';

/**
 * Peak resident memory of this process in KiB, for benchmarks. On Linux it reads `VmHWM` from
 * `/proc/self/status`: getrusage's `maxRSS` survives `exec`, so a benchmark child spawned by a parent
 * that generated a large input would be charged with the parent's memory at fork time. Worker threads
 * share the process and are included. Elsewhere it falls back to `maxRSS`.
 */
export function peakRssKb(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // Not Linux: getrusage is the best there is.
  }
  return process.resourceUsage().maxRSS;
}
