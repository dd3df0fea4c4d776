# syntax=docker/dockerfile:1
# line-omnichannel: build stage (TypeScript, the dashboard) and a runtime stage with production dependencies only.
# The official node:24-slim image provides Node 24: the `node` dev dependency (the Node runtime npm scripts use
# outside a container) is installed in the build stage only, and the runtime stage runs `node` directly.

FROM node:24-slim AS build
WORKDIR /app
# Dependencies first: this layer is rebuilt only when package.json or package-lock.json change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY adapters ./adapters
COPY shared ./shared
COPY dialogs ./dialogs
COPY src ./src
COPY dashboard ./dashboard
COPY simulator-page ./simulator-page
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-slim AS runtime
ENV NODE_ENV=production \
    PORT=3978 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root content ./content
# The embedded store (when MONGODB_URI is unset) lives in DATA_DIR; the code stays read-only to the app's user.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3978
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# `npm start` would rebuild first (prestart) and needs the dev tools; the runtime stage runs the built server.
CMD ["node", "dist/src/main.js"]
