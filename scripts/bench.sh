#!/usr/bin/env bash
# `pnpm bench`: the server bench, then the phone bench.
# Options go to the server bench as before (`pnpm bench -- --quick`). The phone
# bench takes BENCH_PHONE_* variables here (BENCH_PHONE_RUNS=5), or options when
# run on its own (`pnpm bench:phone -- --runs=5`). It needs a built client and server (built here).
set -euo pipefail
pnpm --filter @vaegavis/server bench "$@"
pnpm --filter @vaegavis/server build
pnpm bench:phone
