import { defineConfig } from 'vitest/config'

// One run over every package; each package is a project so `--project server` works.
export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: '.reports/vitest.json' }]],
    projects: [
      { test: { name: 'shared', root: './shared', include: ['src/**/*.test.ts'] } },
      {
        test: {
          name: 'server',
          root: './server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'client', root: './client', include: ['src/**/*.test.ts', 'src/**/*.test.tsx'] } },
    ],
  },
})
