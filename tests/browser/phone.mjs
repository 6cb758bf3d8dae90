// phone.mjs: the villagers' and the village cadres' phone pages in headless
// Chromium. Run by meson (suite browser):
//   node tests/browser/phone.mjs --kuiduo build/src/kuiduo
import { run, phone, assert } from './harness.mjs';

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

// The report form, from the home page the way a villager gets there.
async function openReportForm(page, base) {
  await page.goto(`${base}/`);
  if (await page.locator('form[action="/report"]').count() === 0)
    await page.locator('a[href^="/report"]').first().click();
  await page.waitForSelector('form[action="/report"]');
}

async function fillReport(page, description) {
  const kind = page.locator('select[name=kind]');
  if (await kind.count() > 0)
    await kind.selectOption('livelihood');
  await page.selectOption('select[name=village]', { index: 1 });
  await page.selectOption('select[name=category]', { index: 1 });
  await page.fill('textarea[name=description]', description);
}

async function submitAndReadCode(page) {
  await page.locator('form[action="/report"] button[type=submit]').click();
  await page.waitForSelector('.code');
  return (await page.textContent('.code')).trim();
}

async function noHorizontalScroll(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(width <= 360, `the page is ${width} px wide on a 360-px screen`);
}

test('a villager reports with JavaScript off, and tracks the case', async ({ browser, base }) => {
  const { context, page } = await phone(browser, { javaScript: false });
  await openReportForm(page, base);
  await noHorizontalScroll(page);
  await fillReport(page, '村口的桥栏杆断了，晚上很危险。<b>不是标记</b>');
  const code = await submitAndReadCode(page);
  assert(/^[0-9A-Z]{5}-?[0-9A-Z]{5}$/.test(code), `a tracking code, got “${code}”`);
  await page.locator(`a[href^="/r/"]`).first().click();
  await page.waitForSelector('.status');
  const text = await page.textContent('body');
  assert(text.includes('<b>不是标记</b>'), 'the villager\'s words are shown as written, not as markup');
  assert(text.includes('待受理'), `the new case reads 待受理: ${text.slice(0, 300)}`);
  await noHorizontalScroll(page);
  await context.close();
});

test('a villager types a tracking code in to find the case', async ({ browser, base }) => {
  const { context, page } = await phone(browser);
  await openReportForm(page, base);
  await fillReport(page, '自来水停了三天。');
  const code = await submitAndReadCode(page);
  await page.goto(`${base}/`);
  await page.fill('input[name=code]', code.toLowerCase());
  await page.locator('form[action="/r"] button[type=submit]').click();
  await page.waitForSelector('.status');
  assert((await page.textContent('body')).includes('自来水停了三天'), 'the status page of that case');
  await context.close();
});

test('the pages speak English when the phone asks for it', async ({ browser, base }) => {
  const { context, page } = await phone(browser, { lang: 'en' });
  await openReportForm(page, base);
  const text = await page.textContent('body');
  assert(/Village/.test(text) && !/村庄|所在村/.test(text), 'English labels');
  await context.close();
});

test('refused input says why and keeps what was typed', async ({ browser, base }) => {
  const { context, page } = await phone(browser, { javaScript: false });
  await openReportForm(page, base);
  await fillReport(page, '   ');
  // The browser's own check would stop an empty textarea: send it anyway.
  await page.evaluate(() => document.querySelectorAll('[required]').forEach((e) => e.removeAttribute('required')));
  await page.locator('form[action="/report"] button[type=submit]').click();
  await page.waitForSelector('.error');
  assert((await page.locator('.code').count()) === 0, 'no tracking code for a refused report');
  await context.close();
});

run(tests);
