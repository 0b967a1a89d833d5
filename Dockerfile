# One image for every FlexTime service; docker-compose.yml picks the service with the command:
#   serve gateway | serve team-availability | … | migrate | seed | start (all-in-one on embedded PGlite)

# Stage 1: the scheduler's workspace (web/), built with the dev dependencies (Vite, React) that the image leaves out.
FROM node:20-bookworm-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
# scripts wait: `prepare` builds the workspace, whose sources are copied next
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY web ./web
RUN node web/build.mjs && test -f web/dist/index.html

# Stage 2: the services, production dependencies only, with the built workspace the gateway serves at /.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force
COPY . .
COPY --from=web /app/web/dist ./web/dist
USER node
EXPOSE 4000 4001 4002 4003 4004
ENTRYPOINT ["node", "--import", "tsx", "bin/flextime.ts"]
CMD ["start"]
