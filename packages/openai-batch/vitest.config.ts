import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The emulator tests run real HTTP and child processes; a loaded CI machine needs headroom (no test
  // asserts on time).
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 30_000 },
});
