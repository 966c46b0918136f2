import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { goInstall, hasGo, TEMPORAL_CLI_CACHE_DIR } from './temporal-cli';

/** The production Temporal server (the version docker-compose.yml runs), built from the Go module proxy like the CLI. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const SERVER_MODULE = 'go.temporal.io/server';

export interface TemporalServerBuild {
  /** `temporal-server`. */
  server: string;
  /** `temporal-sql-tool`. */
  sqlTool: string;
  /** The server module's `schema/postgresql/v12`, the versioned schemas temporal-sql-tool applies. */
  schemaDir: string;
}

/**
 * The server and temporal-sql-tool from the repo cache (`.cache/bin/server`
 * and `sql`), built there with `go install` the first time (minutes on two
 * cores); the schema files from the Go module cache.
 */
export function resolveTemporalServer(log: (line: string) => void = () => undefined): TemporalServerBuild {
  if (!hasGo()) {
    throw new Error(
      `The production Temporal engine is built from Go (go install ${SERVER_MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}), and no \`go\` is on PATH: install Go 1.25 or newer, or use the dev server (the default engine).`,
    );
  }
  const server = path.join(TEMPORAL_CLI_CACHE_DIR, 'server');
  const sqlTool = path.join(TEMPORAL_CLI_CACHE_DIR, 'sql');
  if (!existsSync(server) || !existsSync(sqlTool)) {
    log(`building the Temporal server ${TEMPORAL_SERVER_VERSION} and temporal-sql-tool with go install (first run only, takes minutes)…`);
    goInstall([`${SERVER_MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}`, `${SERVER_MODULE}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`]);
  }
  return { server, sqlTool, schemaDir: path.join(serverModuleDir(), 'schema', 'postgresql', 'v12') };
}

/** Where the Go module cache keeps the server's sources (downloaded if it lacks them; a look-up after `go install`). */
function serverModuleDir(): string {
  const json = execFileSync('go', ['mod', 'download', '-json', `${SERVER_MODULE}@${TEMPORAL_SERVER_VERSION}`], { encoding: 'utf8' });
  return (JSON.parse(json) as { Dir: string }).Dir;
}
