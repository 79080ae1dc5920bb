import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // The CLI-backed and browser tests start real processes; there are two cores.
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: {json: 'tmp/vitest-results.json'},
  },
})
