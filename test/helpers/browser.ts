// Headless Chromium driven by playwright-core, for the browser tests. Every page reports console errors
// and uncaught exceptions so a test can fail on them; screenshots go to artifacts/screenshots/ (git-ignored).
import assert from 'node:assert/strict';
import { chmodSync, createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Platform } from '../../server/platform';
import { startAssessmentPlatform } from './assessments';

// Flags for every Chromium: no sandbox (containers and CI often run as root), no GPU, and nothing that talks to
// Google on a closed network. playwright-core adds more of its own (no first run, no sync, no component update,
// no background networking) and gives every launch a fresh temporary profile (user-data-dir).
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
// @sparticuz/chromium's flags are made for AWS Lambda. These are dropped for a local test run:
// --single-process and --in-process-gpu (with either, playwright-core's second page or context closes the
// browser: measured with this binary under playwright-core 1.65), the web-security and site-isolation
// switches (tests must see the same-origin and CSP rules a user's browser applies), its --disable-features /
// --enable-features (Chromium keeps only the last of a repeated switch, which would replace playwright's
// own list), the SwiftShader GL flags (no GPU wanted) and --headless='shell' (playwright passes --headless, and
// the binary is chrome-headless-shell anyway).
const SPARTICUZ_DROPPED = [
  '--single-process',
  '--in-process-gpu',
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
  '--disable-features',
  '--enable-features',
  '--use-gl',
  '--use-angle',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--headless',
];

export interface ChromiumBinary {
  executablePath: string;
  args: string[];
  /** Where it came from: CHROMIUM_PATH, a system package, or the npm package. */
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
}

/**
 * CHROMIUM_PATH when set, else a system Chromium or Chrome, else the Chromium binary inside the npm package
 * @sparticuz/chromium (a devDependency), so `npm test` needs nothing but npm.
 */
export async function resolveChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumBinary> {
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist`);
    return { executablePath: env.CHROMIUM_PATH, args: ARGS, source: 'CHROMIUM_PATH' };
  }
  const system = SYSTEM_CHROMIUMS.find((p) => existsSync(p));
  if (system) return { executablePath: system, args: ARGS, source: 'system' };
  const { default: sparticuz } = await import('@sparticuz/chromium');
  sparticuz.setGraphicsMode = false;
  const args = sparticuz.args.filter((a) => !SPARTICUZ_DROPPED.some((d) => a === d || a.startsWith(`${d}=`)));
  return { executablePath: await unpackSparticuz(), args: [...new Set([...args, ...ARGS])], source: '@sparticuz/chromium' };
}

/**
 * The package's own executablePath() inflates into a fixed /tmp/chromium that it trusts as soon as the path
 * exists, so two test runs starting together could launch a half-written binary. Here it is inflated into a
 * file of this process and renamed into a folder named by the package version: the rename is atomic, and an
 * upgrade never launches an old binary.
 */
async function unpackSparticuz(): Promise<string> {
  // build/index.js is the only file the package exports; bin/ and package.json sit beside build/.
  const pkgDir = path.resolve(path.dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..');
  const { version } = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const dir = path.join(os.tmpdir(), `assay-chromium-${version}`);
  const binary = path.join(dir, 'chromium');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const partial = `${binary}.${process.pid}.partial`;
  try {
    await pipeline(createReadStream(path.join(pkgDir, 'bin', 'chromium.br')), createBrotliDecompress(), createWriteStream(partial));
    chmodSync(partial, 0o755);
    renameSync(partial, binary);
  } finally {
    rmSync(partial, { force: true });
  }
  return binary;
}

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
  const binary = await resolveChromium();
  const browser = await chromium.launch({ executablePath: binary.executablePath, headless: true, args: binary.args });
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
export function browserSuite(prefix: string, options: { env?: () => Record<string, string> } = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  before(async () => {
    const launching = launchBrowser();
    // env is read when the platform starts, after the test file's own earlier before hooks (an SMTP server's URL).
    suite.platform = await startAssessmentPlatform(options.env?.());
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
