// Headless Debian Chromium driven by playwright-core, for the browser tests. Every page reports console errors
// and uncaught exceptions so a test can fail on them; screenshots go to artifacts/screenshots/ (git-ignored).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Platform } from '../../server/platform';
import { startAssessmentPlatform } from './assessments';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
export const SCREENSHOTS = path.resolve('artifacts/screenshots');

export interface TestBrowser {
  browser: Browser;
  /** Console errors and page errors seen on any page so far. */
  errors: string[];
  /** A fresh context (its own cookies: one user) with one page. */
  newPage(baseURL: string): Promise<Page>;
  /** Screenshot every open page (for a failed test). */
  screenshotAll(prefix: string): Promise<void>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  // launch() gives every run a fresh temporary profile of its own (and every context a fresh incognito-like
  // session), so nothing is cached or remembered from an earlier run.
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  const pages: Page[] = [];
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    browser,
    errors,
    async newPage(baseURL: string) {
      const context = await browser.newContext({ baseURL, viewport: { width: 1360, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      pages.push(page);
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(`console error on ${page.url()}: ${msg.text()}`);
      });
      page.on('pageerror', (err) => errors.push(`page error on ${page.url()}: ${err.message}`));
      return page;
    },
    async screenshotAll(prefix: string) {
      await Promise.all(pages.map((p, i) => (p.isClosed() ? undefined : screenshot(p, `${prefix}-${i + 1}`).catch(() => undefined))));
    },
    async close() {
      await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
      await browser.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Replace the whole content of the CodeMirror editor inside `container` as if pasted. */
export async function replaceEditorText(page: Page, container: string, text: string): Promise<void> {
  const content = page.locator(`${container} .cm-content`);
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
}


export interface BrowserSuite {
  platform: Platform;
  browser: TestBrowser;
  /** A page logged in as `user` through the login form (its own browser context). */
  logIn(user: { email: string; password: string }): Promise<Page>;
}

/**
 * Mocha hooks for a browser test file: the platform (empty challenges folder) and Chromium start before
 * the tests and stop after them; a failed test screenshots every page; any console error fails a test.
 * The returned object is filled in by the time the tests run.
 */
export function browserSuite(prefix: string): BrowserSuite {
  const suite = {} as BrowserSuite;
  before(async () => {
    const launching = launchBrowser();
    suite.platform = await startAssessmentPlatform();
    suite.browser = await launching;
  });
  after(async () => {
    await suite.browser?.close();
    await suite.platform?.close();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await suite.browser.screenshotAll(`${prefix}-failed`);
    assert.deepEqual(suite.browser.errors, [], 'no console errors or page errors');
  });
  suite.logIn = async (user) => {
    const page = await suite.browser.newPage(suite.platform.url);
    await page.goto('/login');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    return page;
  };
  return suite;
}
