# syntax=docker/dockerfile:1
# One image definition, four targets: api (also serves the web app), worker, front (one origin
# for several api replicas), migrate.
#   docker build --target api -t tessera-api .

FROM node:24-bookworm-slim AS deps
WORKDIR /app
ENV NX_DAEMON=false NX_NO_CLOUD=true
COPY package.json package-lock.json .npmrc ./
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
COPY apps/front/package.json apps/front/
COPY apps/web/package.json apps/web/
COPY libs libs
COPY seeds/package.json seeds/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build

FROM node:24-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production DATA_DIR=/data WEB_DIST=/app/dist/apps/web
COPY --from=build /app/package.json /app/package-lock.json /app/.npmrc ./
COPY --from=build /app/apps/api/package.json apps/api/
COPY --from=build /app/apps/worker/package.json apps/worker/
COPY --from=build /app/apps/front/package.json apps/front/
COPY --from=build /app/apps/web/package.json apps/web/
COPY --from=build /app/libs libs
COPY --from=build /app/seeds/package.json seeds/
COPY --from=build /app/e2e/package.json e2e/
COPY --from=build /app/bench/package.json bench/
# Production dependencies only; argon2 and sharp ship prebuilt binaries in their packages.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force \
  && mkdir -p /data && chown node:node /data
COPY --from=build /app/dist dist
USER node
VOLUME ["/data"]

FROM runtime AS api
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "dist/apps/api/main.js"]

FROM runtime AS worker
# A young generation of at most 2 × 16 MB: V8 sizes it from the machine's memory (128 MB on a 24 GB host), and
# an export or import that allocates steadily fills all of it, which made half of the worker's peak RSS.
# The old generation grows by at most 100 % over what survived the last full collection: by V8's own factors a
# streamed export's short-lived garbage piled up uncollected until the worker passed 370 MB for a million boxes
# (the live heap stays near 60 MB); it is not a cap, a job that needs more heap still gets it. A tighter 30 %
# held the export near 210 MB but made ingest's file buffers start a full collection every dozen images
# (docs/performance.md, Ingest, "The worker's full collections").
# tools/worker-flags.mjs gives `npm run up` and the benches the same flags.
CMD ["node", "--enable-source-maps", "--max-semi-space-size=16", "--heap-growing-percent=100", "dist/apps/worker/main.js"]

FROM runtime AS front
EXPOSE 8080
CMD ["node", "--enable-source-maps", "dist/apps/front/main.js"]

FROM runtime AS migrate
CMD ["sh", "-c", "node dist/apps/api/migrate.js && node dist/seeds/seed.js"]
