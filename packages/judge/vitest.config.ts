import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Turborepo runs every package's tests at once on a 2-core CI machine; the limits leave headroom for
  // that load (no test asserts on time); the planted-defects test judges 1,079 real responses in its beforeAll.
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
