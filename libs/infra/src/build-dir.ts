import { existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Written last into a build directory: a directory without it is not a finished build. */
const STAMP_FILE = 'sources.sha256';

export const isFinishedBuild = (dir: string): boolean => existsSync(path.join(dir, STAMP_FILE));

/**
 * Stamps a build made in `staging` with the hash of its sources and renames it
 * to `dir`, whole, so processes starting side by side never see half a build.
 * When another process finished the same build first, its copy is kept.
 */
export async function publishBuild(staging: string, dir: string, sourcesHash: string): Promise<void> {
  await writeFile(path.join(staging, STAMP_FILE), sourcesHash);
  try {
    await rename(staging, dir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (!isFinishedBuild(dir)) throw error;
  }
}
