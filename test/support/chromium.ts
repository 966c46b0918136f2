import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core';

const REPO_ROOT = path.resolve(__dirname, '../..');
/** Where browser tests leave their screenshots (CI keeps them as artifacts). */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, '.data', 'screenshots');

/** Debian's Chromium (`apt-get install chromium`, which .ci/run does), or CHROMIUM_PATH. */
export function chromiumExecutable(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((file): file is string => !!file);
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`Chromium not found (tried ${candidates.join(', ')}): apt-get install chromium, or set CHROMIUM_PATH`);
  return found;
}

/** Headless Chromium; `args` adds flags, e.g. the fake microphone's. */
export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutable(), headless: true, ...options, args: ['--no-sandbox', ...(options.args ?? [])] });
}

/** A full-page screenshot named after what it shows, for a person to look at. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * What the page's Content-Security-Policy refused (a script, a connection…),
 * as Chromium reports it on the console; a test expects it to stay empty.
 */
export function recordCspViolations(page: Page): string[] {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) refused.push(message.text());
  });
  return refused;
}
