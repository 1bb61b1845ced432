import { defineConfig } from 'vitest/config'

// One run over every package; each package is a project so `--project server` works.
export default defineConfig({
  test: {
    setupFiles: [new URL('./vitest.setup.ts', import.meta.url).pathname],
    expect: { poll: { timeout: 20_000, interval: 50 } },
    reporters: ['default', ['json', { outputFile: '.reports/vitest.json' }]],
    projects: [
      { extends: true, test: { name: 'shared', root: './shared', include: ['src/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'server',
          root: './server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      { extends: true, test: { name: 'client', root: './client', include: ['src/**/*.test.ts', 'src/**/*.test.tsx'] } },
    ],
  },
})
