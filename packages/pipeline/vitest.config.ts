import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Turborepo runs every package's tests at once on a 2-core CI machine; the limits leave headroom for
  // that load (no test asserts on time).
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
