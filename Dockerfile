# One image for every app; docker-compose picks the entry point.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN DATABASE_URL=postgresql://build/unused npx prisma generate
ENV NODE_ENV=production
CMD ["node", "-r", "@swc-node/register", "apps/worker/src/main.ts"]
