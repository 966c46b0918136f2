import type { Browser, BrowserContext, Page } from 'playwright-core';
import { currentWebBuild } from '../../../libs/infra/src/web-build';
import { recordCspViolations } from '../../support/chromium';

/** The viewport of a phone (iPhone 12–15 class) the console must work on. */
export const PHONE_VIEWPORT = { width: 390, height: 844 };
/** Times on the pages are in the browser's zone: the tests fix it. */
export const BROWSER_TIME_ZONE = 'America/Chicago';

/** Builds the web pages (or reuses the cached build) and points the API started next at them: it reads WEB_DIST_DIR at boot. */
export async function serveWebBuild(): Promise<void> {
  process.env.WEB_DIST_DIR = await currentWebBuild();
}

export interface ConsoleSession {
  context: BrowserContext;
  page: Page;
  /** Errors the page threw, which a test expects to stay empty. */
  pageErrors: Error[];
  /** What the page's CSP refused, which a test expects to stay empty. */
  cspViolations: string[];
}

/** A fresh browser profile on the console, signed in through its form with `key`. */
export async function signedInConsole(browser: Browser, apiUrl: string, key: string, viewport = { width: 1280, height: 900 }): Promise<ConsoleSession> {
  const context = await browser.newContext({ baseURL: apiUrl, viewport, timezoneId: BROWSER_TIME_ZONE, locale: 'en-US' });
  const page = await context.newPage();
  const pageErrors: Error[] = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  const cspViolations = recordCspViolations(page);
  await page.goto('/admin');
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return { context, page, pageErrors, cspViolations };
}

/** Whether the page fits its viewport's width (nothing to scroll sideways on a phone). */
export function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
}
