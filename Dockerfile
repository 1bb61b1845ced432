# Vægavis: one image serving the API, the websockets and the built client.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/* \
 && npm install -g pnpm@10
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
COPY e2e/package.json e2e/
RUN PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 pnpm install --frozen-lockfile
COPY shared shared
COPY server server
COPY client client
# The export fonts come from npm (server/src/exports/fonts.ts); only the weights it
# uses (400Regular, 400Regular_Italic, 700Bold) are kept, which saves ~20 MB.
RUN pnpm --filter @vaegavis/client build \
 && pnpm --filter @vaegavis/server build \
 && pnpm deploy --filter @vaegavis/server --prod --legacy /out/server \
 && rm -rf /out/server/dist && cp -r server/dist /out/server/dist \
 && find /out/server/node_modules -path '*@expo-google-fonts*' -type f \( -name '*.png' -o \( -name '*.ttf' \
      ! -path '*/400Regular/*' ! -path '*/400Regular_Italic/*' ! -path '*/700Bold/*' \) \) -delete \
 && cp -r client/dist /out/client-dist

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 DATA_DIR=/data CLIENT_DIR=/app/client-dist
COPY --from=build /out/server /app/server
COPY --from=build /out/client-dist /app/client-dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:8080/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
WORKDIR /app/server
# Compiled JavaScript (server/scripts/build.mjs); tsx is for development only. A 4 MiB semi-space: V8's
# default young generation grows to 48 MiB while the server starts and is never given back (~22 MiB of RSS
# at idle; the server's messages are small and short-lived). A fixed mmap threshold: without it glibc raises
# the threshold after the first large free, and every password hash (scrypt, 16 MiB) then stays in a thread's
# heap for good (~45 MiB of RSS after a facilitator signs in and 2,000 phones join). Same as `pnpm start` and
# the benchmark (server/test/helpers.ts START_FLAGS, START_ENV); BENCHMARKS.md, issue #15.
ENV GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072
CMD ["node", "--max-semi-space-size=4", "--enable-source-maps", "dist/main.js"]
