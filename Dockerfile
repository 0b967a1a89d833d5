# One image for every FlexTime service; docker-compose.yml picks the service with the command:
#   serve gateway | serve team-availability | … | migrate | seed | start (all-in-one on embedded PGlite)
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY . .
USER node
EXPOSE 4000 4001 4002 4003 4004
ENTRYPOINT ["node", "--import", "tsx", "bin/flextime.ts"]
CMD ["start"]
