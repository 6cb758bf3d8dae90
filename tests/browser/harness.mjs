// harness.mjs: starts `kuiduo --headless --demo` on a database of its own and
// Debian's Chromium through playwright-core, runs the tests given, and
// prints TAP. Tests get { browser, base, kuiduo, db } and open their own
// contexts (a phone: 360 px wide, Chinese unless the test says otherwise).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

async function waitHealthy(base, server) {
  for (let i = 0; i < 200; i++) {
    if (server.exitCode !== null)
      throw new Error(`kuiduo exited with ${server.exitCode}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) return;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('kuiduo did not answer /healthz');
}

export async function phone(browser, options = {}) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 780 },
    locale: options.lang === 'en' ? 'en-US' : 'zh-CN',
    extraHTTPHeaders: { 'Accept-Language': options.lang ?? 'zh-CN,zh;q=0.9' },
    javaScriptEnabled: options.javaScript ?? true,
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => { throw new Error(`page error: ${e.message}`); });
  return { context, page };
}

export function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

export async function run(tests) {
  const kuiduo = arg('--kuiduo', 'build/src/kuiduo');
  const dir = mkdtempSync(join(tmpdir(), 'kd-browser-'));
  const db = join(dir, 'town.db');
  const port = 21000 + (process.pid % 20000);
  const base = `http://127.0.0.1:${port}`;
  let server, browser, failed = 0;

  console.log(`1..${tests.length}`);
  if (!CHROMIUM) {
    console.log('Bail out! Debian\'s chromium is not installed (tools/setup.sh installs it)');
    process.exit(1);
  }
  try {
    server = spawn(kuiduo, ['--headless', '--demo', '--no-rate-limit', '--db', db, '--port', String(port)],
                   { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, LANG: 'zh_CN.UTF-8' } });
    await waitHealthy(base, server);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    for (const [i, t] of tests.entries()) {
      try {
        await t.fn({ browser, base, kuiduo, db, dir });
        console.log(`ok ${i + 1} ${t.name}`);
      } catch (e) {
        failed++;
        console.log(`not ok ${i + 1} ${t.name}`);
        for (const line of String(e.stack ?? e).split('\n'))
          console.log(`# ${line}`);
      }
    }
  } finally {
    await browser?.close();
    server?.kill('SIGTERM');
    await new Promise((r) => (server && server.exitCode === null ? server.on('exit', r) : r()));
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

export { execFileSync };
