// phone.mjs: the villagers' and the village cadres' phone pages in headless
// Chromium. Run by meson (suite browser):
//   node tests/browser/phone.mjs --kuiduo build/src/kuiduo
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

// A photo as a phone camera would give it: a JPEG drawn by the browser.
async function makePhoto(page, path) {
  const dataUrl = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 2400; c.height = 1800;
    const g = c.getContext('2d');
    for (let i = 0; i < 24; i++) {
      g.fillStyle = `hsl(${i * 15}, 70%, 50%)`;
      g.fillRect(i * 100, 0, 100, 1800);
    }
    return c.toDataURL('image/jpeg', 0.9);
  });
  writeFileSync(path, Buffer.from(dataUrl.split(',')[1], 'base64'));
}

async function cadreSignIn(browser, base, username, password) {
  const { context, page } = await phone(browser);
  await page.goto(`${base}/staff/`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.locator('form button[type=submit]').click();
  await page.waitForSelector('form[action="/staff/sign-out"]');
  return { context, page };
}

test('a villager reports with a photo, a village cadre handles it, the villager rates it', async ({ browser, base, dir }) => {
  // The villager, JavaScript on: the photo is shrunk in the browser before it goes.
  const villager = await phone(browser);
  const photo = join(dir, 'camera.jpg');
  await openReportForm(villager.page, base);
  await makePhoto(villager.page, photo);
  await villager.page.selectOption('select[name=kind]', 'livelihood');
  await villager.page.selectOption('select[name=village]', 'kuiduo');
  await villager.page.selectOption('select[name=category]', 'roads');
  await villager.page.fill('textarea[name=description]', '三组的水泥路塌了一个大坑，车过不去。');
  await villager.page.setInputFiles('input[name=photo]', photo);
  const code = await submitAndReadCode(villager.page);
  await villager.page.goto(`${base}/r/${code}`);
  await villager.page.waitForSelector('.photos img');
  const shown = await villager.page.evaluate(() => {
    const img = document.querySelector('.photos img');
    return img.complete && img.naturalWidth > 0 ? Math.max(img.naturalWidth, img.naturalHeight) : 0;
  });
  assert(shown > 0 && shown <= 1600, `the photo is shown, at most 1600 px (got ${shown})`);

  // The secretary of 魁多村, on a phone: signs in, clocks in, handles the case.
  const cadre = await cadreSignIn(browser, base, 'secretary', 'kuiduo-secretary');
  const cookies = await cadre.context.cookies();
  const session = cookies.find((c) => c.name === 'kd_session');
  assert(session && session.httpOnly && session.sameSite === 'Strict', 'the session cookie is HttpOnly, SameSite=Strict');
  assert(await cadre.page.evaluate(() => document.cookie) === '', 'page scripts cannot read the session');
  await cadre.page.locator('form[action="/staff/attendance/in"] button').click();
  await cadre.page.waitForSelector('form[action="/staff/attendance/out"]');
  await cadre.page.locator('a[href^="/staff/cases/"]', { hasText: '三组的水泥路塌了' }).first().click();
  await cadre.page.locator('form#accept button[type=submit]').click();
  await cadre.page.waitForSelector('form#resolve');
  await cadre.page.fill('form#reply textarea[name=text]', '已联系施工队，明天上午来修。');
  await cadre.page.locator('form#reply button[type=submit]').click();
  await cadre.page.waitForSelector('form#resolve');
  await cadre.page.fill('form#note textarea[name=text]', '费用从村道维护经费出。');
  await cadre.page.locator('form#note button[type=submit]').click();
  await cadre.page.waitForSelector('form#resolve');
  await cadre.page.fill('form#resolve textarea[name=text]', '坑已填平，可以通车。');
  await cadre.page.locator('form#resolve button[type=submit]').click();
  await cadre.page.waitForLoadState();
  await noHorizontalScroll(cadre.page);

  // The villager sees the reply, not the internal note, and rates.
  await villager.page.goto(`${base}/r/${code}`);
  const page = await villager.page.textContent('body');
  assert(page.includes('已联系施工队') && !page.includes('村道维护经费'), 'the public reply, never the internal note');
  await villager.page.check('input[name=efficiency][value="5"]');
  await villager.page.check('input[name=satisfaction][value="4"]');
  await villager.page.fill('textarea[name=comment]', '修得很快，谢谢！');
  await villager.page.locator('form[action$="/rate"] button[type=submit]').click();
  await villager.page.waitForSelector('.status');
  assert((await villager.page.textContent('.status')).includes('已关闭'), 'a good rating closes the case');
  assert(await villager.page.locator('form[action$="/rate"]').count() === 0, 'rated once per resolution');
  await villager.context.close();
  await cadre.context.close();
});

test('a form without its token is refused and changes nothing', async ({ browser, base }) => {
  const cadre = await cadreSignIn(browser, base, 'staff', 'kuiduo-staff');
  const [response] = await Promise.all([
    cadre.page.waitForResponse((r) => r.url().endsWith('/staff/attendance/in')),
    cadre.page.evaluate(() => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = '/staff/attendance/in';
      const token = document.createElement('input');
      token.name = 'csrf';
      token.value = 'forged';
      form.append(token);
      document.body.append(form);
      form.submit();
    }),
  ]);
  assert(response.status() === 403, `refused (got ${response.status()})`);
  await cadre.page.waitForURL('**/staff/attendance/in');
  await cadre.page.goto(`${base}/staff/`);
  assert(await cadre.page.locator('form[action="/staff/attendance/in"]').count() === 1, 'still not clocked in');
  await cadre.context.close();
});

test('a villager reads the disclosures, and an older version says it was corrected', async ({ browser, base }) => {
  const { context, page } = await phone(browser, { javaScript: false });
  await page.goto(`${base}/`);
  await page.locator('a.way[href="/disclosures"]').click();
  await page.waitForSelector('form.filters');
  await noHorizontalScroll(page);
  await page.selectOption('select[name=kind]', 'finance');
  await page.selectOption('select[name=village]', 'kuiduo');
  await page.locator('form.filters button[type=submit]').click();
  await page.waitForURL('**/disclosures?kind=finance&village=kuiduo');
  const items = page.locator('ul.disclosures li a');
  assert(await items.count() === 1, `one current finance disclosure of 魁多村, got ${await items.count()}`);
  await items.first().click();
  await page.waitForSelector('div.ledger table');
  await noHorizontalScroll(page);
  const text = await page.textContent('main');
  assert(text.includes('收支明细') && text.includes('结余'), 'the ledger with its balance');
  assert(text.includes('第 2 版'), `the corrected version: ${text.slice(0, 200)}`);
  const fingerprint = (await page.textContent('dl.version code')).trim();
  assert(/^[0-9a-f]{4}( [0-9a-f]{4}){3}$/.test(fingerprint), `a short fingerprint, got “${fingerprint}”`);
  await page.locator('dl.version a').click();
  await page.waitForSelector('p.notice');
  assert((await page.textContent('p.notice')).includes('此版本已被更正'), 'the old version says it was corrected');
  const old = (await page.textContent('dl.version code')).trim();
  assert(old !== fingerprint, 'each version has its own fingerprint');
  await context.close();
});

run(tests);
