import { chromium, type Browser } from 'playwright-core';
import {
  SERVICE_SECRET,
  handBuiltQtBody,
  plainFields,
  startSandbox,
  textPush,
  type RunningSandbox,
} from './qt-sandbox.fixture';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-extensions',
  '--no-first-run',
];

describe('QT sandbox page', () => {
  let sandbox: RunningSandbox;
  let browser: Browser;

  beforeAll(async () => {
    sandbox = await startSandbox();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('shows counts by code and the latest events with their XML, markup left inert', async () => {
    const hostile = '<img src=x onerror="window.__injected=1">';
    await sandbox.post(
      handBuiltQtBody(plainFields(textPush('oPageUser', hostile)), SERVICE_SECRET),
    );
    await sandbox.post('not json');
    const page = await browser.newPage();

    await page.goto(`${sandbox.url}/`);
    const event = page.locator('#latest li.event').first();
    await event.waitFor({ timeout: 10_000 });

    expect(await page.locator('#event-codes').innerText()).toMatch(/\$\$_receive_msg\s+1/);
    expect(await page.locator('#response-codes').innerText()).toMatch(/Httpapi_300_200\s+1/);
    expect(await page.locator('#response-codes').innerText()).toMatch(/Httpapi_300_102\s+1/);
    expect(await event.locator('.meta').innerText()).toContain('oPageUser');
    expect(await event.locator('pre').innerText()).toBe(textPush('oPageUser', hostile));
    expect(await page.evaluate('window.__injected')).toBeUndefined();
    expect(await page.locator('#latest img').count()).toBe(0);
  });
});
