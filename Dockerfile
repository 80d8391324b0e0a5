# Cordial's image: Node 24 (the major package.json pins through its `node` dependency), the
# production dependencies exactly as package-lock.json has them, and src/. No image is built on
# the development machines (they have no Docker engine): every step here is one CI exercises
# too — test/containers/dockerfile-steps.test.ts reads this file, and .ci/container-steps runs
# its install and start-up for real. See README → Running in containers.
FROM node:24-slim

# JSON logs (LOG_FORMAT=auto), and npm's production behaviour
ENV NODE_ENV=production
WORKDIR /app

# the lockfile alone decides what is installed; dev dependencies (tsc, the test tools) stay out.
# --ignore-scripts: the only install script among the production packages is the `node` package's,
# which would download a second Node 24 next to the image's own.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

COPY src/ ./src/

# the SQLite default (DATABASE_PATH=data/cordial.sqlite) needs a folder the bot may write;
# the code and node_modules stay root's, read-only to the bot
RUN mkdir data && chown node:node data
USER node

# HEALTH_PORT, when set to it: /healthz, /readyz, /metrics
EXPOSE 8080

# one process on SQLite (npm start); compose.yaml shows the sharded entry point
CMD ["node", "src/main.ts"]
