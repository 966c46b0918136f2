/**
 * `npm run build`: the apps compiled to JavaScript in dist/ and the worker's
 * workflow bundle at dist/workflow-bundle.js, what production runs:
 * `node dist/apps/<app>/src/main.js`, the worker with
 * WORKFLOW_BUNDLE_PATH=dist/workflow-bundle.js.
 */
import path from 'node:path';
import { buildInto } from '../libs/infra/src/app-build';

async function main(): Promise<void> {
  const startedAt = Date.now();
  const build = await buildInto();
  console.log(`built ${path.relative(process.cwd(), build.dir)} in ${Date.now() - startedAt} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
