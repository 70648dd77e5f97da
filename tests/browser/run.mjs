// Browser tests of the web app: Debian's chromium driven by playwright-core
// against the real `clario serve` on loopback, over a small demo database
// (SQLite, or with --pg a fresh PostgreSQL database on CLARIO_TEST_PG_URL).
// Usage: node run.mjs PATH/TO/clario [--pg] [--screenshots DIR]
// Prints one line per check and exits 1 if any failed.
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const args = process.argv.slice(2);
const clario = path.resolve(args[0] || '');
const pg = args.includes('--pg');
const shotsAt = args.indexOf('--screenshots');
const shots = shotsAt >= 0 ? path.resolve(args[shotsAt + 1]) : null;

if (!fs.existsSync(path.join(here, 'node_modules', 'playwright-core'))) {
  // From the committed lockfile only.
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {cwd: here, stdio: 'inherit'});
  if (r.status !== 0) { console.error('npm ci failed'); process.exit(1); }
}
const {chromium} = await import('playwright-core');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clario-browser-'));
let dbUrl = path.join(dir, 't.db');
let pgDb = null;
const pgBase = (process.env.CLARIO_TEST_PG_URL || '').replace(/\/[^/]*$/, '');
const creds = path.join(dir, 't.credentials');
const log = path.join(dir, 'server.log');
let server = null, context = null;
let failures = 0, passes = 0;

function cleanup() {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  if (pgDb) spawnSync('psql', ['-qX', process.env.CLARIO_TEST_PG_URL, '-c', `DROP DATABASE IF EXISTS ${pgDb} WITH (FORCE)`]);
  fs.rmSync(dir, {recursive: true, force: true});
}

async function setup() {
  if (pg) {
    if (!process.env.CLARIO_TEST_PG_URL) throw new Error('--pg needs CLARIO_TEST_PG_URL (make test starts a cluster)');
    pgDb = `clario_browser_${process.pid}`;
    execFileSync('psql', ['-qX', '-v', 'ON_ERROR_STOP=1', process.env.CLARIO_TEST_PG_URL, '-c', `CREATE DATABASE ${pgDb}`]);
    dbUrl = `${pgBase}/${pgDb}`;
  }
  execFileSync(clario, ['demo', '--db', dbUrl, '--scale', '2', '--credentials', creds], {stdio: ['ignore', 'ignore', 'inherit']});
  const ready = path.join(dir, 'ready');
  server = spawn(clario, ['serve', '--db', dbUrl, '--listen', '127.0.0.1:0', '--ready-file', ready, '--threads', '4'], {
    env: {...process.env, CLARIO_DEMO: '1', CLARIO_SECRET: 'browser-test-secret-0123456789abcdef', CLARIO_WEB_ROOT: path.join(repo, 'web')},
    stdio: ['ignore', 'ignore', fs.openSync(log, 'a')],
  });
  for (let i = 0; i < 200 && !fs.existsSync(ready); i++) await new Promise(r => setTimeout(r, 50));
  if (!fs.existsSync(ready)) throw new Error('the server did not start: ' + fs.readFileSync(log, 'utf8'));
  return Number(fs.readFileSync(ready, 'utf8').trim());
}

function readCreds() {
  const c = {};
  for (const line of fs.readFileSync(creds, 'utf8').split('\n')) {
    const m = line.match(/^([a-z_]+)=(.*)$/);
    if (m) c[m[1]] = m[2];
  }
  const users = {};
  for (const [k, v] of Object.entries(c)) if (k.startsWith('web_')) { const [email, password] = v.split(' '); users[k.slice(4)] = {email, password}; }
  return {keys: c, users};
}

// A raw HTTP request from node (free to set Host, Origin, Cookie).
function request(port, method, p, headers = {}, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({host: '127.0.0.1', port, method, path: p, headers}, res => {
      let data = '';
      res.on('data', d => { data += d; });
      res.on('end', () => {
        let json = null;
        try { json = JSON.parse(data); } catch { /* pages are not JSON */ }
        resolve({status: res.statusCode, headers: res.headers, body: data, json});
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(typeof body === 'string' ? body : JSON.stringify(body));
    req.end();
  });
}

function assert(cond, msg) { if (!cond) throw new Error(msg); }
function eq(a, b, msg) { if (a !== b) throw new Error(`${msg}: got ${JSON.stringify(a)}, want ${JSON.stringify(b)}`); }

// Indonesian rupiah written independently of the app's code: groups of three with dots.
function rupiah(n) {
  const s = String(Math.abs(n)).split('').reverse().join('').match(/\d{1,3}/g).join('.').split('').reverse().join('');
  return (n < 0 ? '-' : '') + 'Rp ' + s;
}

async function main() {
  const port = await setup();
  const base = `http://127.0.0.1:${port}`;
  const {keys, users} = readCreds();
  const userData = fs.mkdtempSync(path.join(dir, 'chromium-'));
  context = await chromium.launchPersistentContext(userData, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: {width: 1280, height: 900},
  });
  const page = context.pages()[0] || await context.newPage();
  const consoleErrors = [];
  page.on('console', m => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', e => consoleErrors.push(String(e)));

  const goto = async url => {
    // Sign-in lands through a redirect or two: let any navigation still under
    // way finish before starting a new one.
    await page.waitForLoadState('load').catch(() => {});
    await page.goto(base + url).catch(async e => {
      if (!/interrupted by another navigation/.test(e.message)) throw e;
      await page.goto(base + url);
    });
    await page.waitForSelector('body[data-ready="1"]', {timeout: 15000});
  };
  const text = () => page.evaluate(() => document.title + '\n' + document.body.innerText);
  const signOut = async () => { await context.clearCookies(); await page.evaluate(() => localStorage.clear()).catch(() => {}); };
  const signIn = async who => {
    await signOut();
    await goto('/login');
    await page.fill('#email', users[who].email);
    await page.fill('#password', users[who].password);
    await Promise.all([page.waitForURL(u => u.pathname.startsWith('/app/'), {timeout: 15000}), page.click('button[type=submit]')]);
    await page.waitForSelector('body[data-ready="1"]', {timeout: 15000});
  };
  // page.waitForFunction evaluates a string in the page, which the CSP forbids
  // (no unsafe-eval): poll with page.evaluate (run by the debugger protocol) instead.
  const waitFor = async (fn, arg) => {
    for (let i = 0; i < 150; i++) {
      if (await page.evaluate(fn, arg).catch(() => false)) return;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${fn}`);
  };
  const shot = async name => { if (shots) await page.screenshot({path: path.join(shots, `${name}.png`), fullPage: true}); };
  const apiFromPage = p => page.evaluate(async u => { const r = await fetch(u); return {status: r.status, json: await r.json().catch(() => null)}; }, p);
  const cookieValue = async () => (await context.cookies()).find(c => c.name === 'clario_session')?.value;

  const tests = [];
  const test = (name, fn) => tests.push({name, fn});

  test('security headers on pages and JSON', async () => {
    for (const p of ['/login', '/js/app.js', '/web/context']) {
      const r = await request(port, 'GET', p);
      eq(r.status, 200, p);
      const csp = r.headers['content-security-policy'] || '';
      assert(csp.includes("script-src 'self'") && !csp.includes('unsafe-inline') && csp.includes("frame-ancestors 'none'"), `${p}: CSP ${csp}`);
      eq(r.headers['x-content-type-options'], 'nosniff', `${p} nosniff`);
      assert(r.headers['referrer-policy'], `${p}: Referrer-Policy`);
    }
    const c = await request(port, 'GET', '/vendor/chart.min.js');
    eq(c.status, 200, 'Chart.js from libjs-chart.js');
    assert(c.body.includes('Chart.js v3'), 'Debian Chart.js');
    eq((await request(port, 'GET', '/js/../index.html')).status, 404, 'no traversal');
  });

  test('login page: Bahasa Indonesia by default', async () => {
    await signOut();
    await goto('/login');
    const t = await text();
    assert(t.includes('Masuk') && t.includes('Kata sandi'), 'Indonesian login page');
    await shot('login');
  });

  const landing = {
    admin: ['/app/admin/partners', 'Mitra', ['Data ditolak']],
    moka_admin: ['/app/merchants', 'Merchant', ['Branding']],
    owner: ['/app/dashboard', 'Dasbor Kopi Senja', ['Dasbor']],
    staff: ['/app/dashboard', 'Dasbor Kopi Senja', ['Dasbor']],
    channel: ['/app/channel', 'Program referral', ['Program referral']],
  };
  for (const [who, [url, heading, navs]] of Object.entries(landing)) {
    test(`sign in as ${who}: lands on ${url}`, async () => {
      await signIn(who);
      eq(new URL(page.url()).pathname, url, 'landing page');
      await page.waitForSelector('h1');
      eq(await page.textContent('h1'), heading, 'heading');
      const nav = await page.textContent('#nav');
      for (const n of navs) assert(nav.includes(n), `nav has ${n}: ${nav}`);
      assert(!(await text()).includes('⟦'), 'every string translated');
      if (who !== 'admin') {
        await goto('/app/admin/dead-letters');
        eq(await page.textContent('h1'), 'Halaman tidak ditemukan', `${who} cannot open the admin console`);
      }
    });
  }

  test('admin console: partners, merchants, dead letters', async () => {
    await signIn('admin');
    const rows = await page.$$eval('table tbody tr', trs => trs.map(tr => tr.innerText));
    const all = await request(port, 'GET', '/v1/partners', {Authorization: `Bearer ${keys.admin_key}`});
    eq(rows.length, all.json.partners.length, 'every partner the API lists');
    assert(rows.length >= 6, 'the five POS partners and channel partners');
    assert(rows.some(r => r.includes('moka')), 'moka listed');
    await shot('admin-partners');
    // A ticket the API refuses lands in the dead letters with its reason.
    const bad = await request(port, 'POST', '/v1/tickets', {Authorization: `Bearer ${keys.partner_key}`, 'Content-Type': 'application/json'}, '{"tickets": [{"broken": true}]}');
    assert(bad.status >= 400 || (bad.json && JSON.stringify(bad.json).includes('reject')), `bad ticket refused (${bad.status})`);
    await goto('/app/admin/dead-letters');
    const dl = await apiFromPage('/v1/admin/dead-letters');
    eq(dl.status, 200, 'dead letters API');
    const shown = await page.$$eval('table tbody tr', trs => trs.length).catch(() => 0);
    eq(shown, dl.json.dead_letters.length, 'every dead letter shown');
    await shot('admin-dead-letters');
    await goto('/app/merchants');
    const merchants = await request(port, 'GET', '/v1/merchants', {Authorization: `Bearer ${keys.admin_key}`});
    eq(await page.$$eval('table tbody tr', trs => trs.length), merchants.json.merchants.length, 'admin sees every merchant');
  });

  test('dashboard figures equal the API and are written the Indonesian way', async () => {
    await signIn('owner');
    await page.waitForSelector('[data-figure="net_sales"]');
    const from = await page.inputValue('#from'), to = await page.inputValue('#to');
    const api = await apiFromPage(`/v1/merchants/${keys.merchant_id}/summary?from=${from}&to=${to}`);
    eq(api.status, 200, 'summary API');
    const tiles = await page.$$eval('[data-figure]', els => els.map(e => ({k: e.dataset.figure, v: Number(e.dataset.value), text: e.querySelector('.value').textContent})));
    eq(tiles.length, 8, 'eight figures');
    for (const tile of tiles) {
      eq(tile.v, api.json.totals[tile.k], `${tile.k} equals the API`);
      const money = !['tickets', 'covers'].includes(tile.k);
      eq(tile.text, money ? rupiah(tile.v) : rupiah(tile.v).slice(3), `${tile.k} formatted`);
    }
    assert(api.json.totals.net_sales > 0, 'the demo month has sales');
    const dates = await page.$$eval('#card-trend tbody tr td:first-child', tds => tds.map(td => td.textContent));
    eq(dates.length, api.json.days.length, 'one row per day');
    const [y, m, d] = api.json.days[0].date.split('-').map(Number);
    eq(dates[0], `${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'][m - 1]} ${y}`, 'date like 23 Nov 2026');
    assert(await page.$('#card-trend canvas'), 'trend chart drawn');
    await shot('dashboard');
    // One outlet: the figures follow.
    const outlets = await page.$$eval('#outlet option', os => os.map(o => o.value).filter(Boolean));
    await page.selectOption('#outlet', outlets[0]);
    await page.click('form.controls button[type=submit]');
    await waitFor(() => !document.getElementById('dash-status').textContent);
    const api1 = await apiFromPage(`/v1/merchants/${keys.merchant_id}/summary?from=${from}&to=${to}&outlet=${outlets[0]}`);
    eq(Number(await page.getAttribute('[data-figure="net_sales"]', 'data-value')), api1.json.totals.net_sales, 'outlet figure equals the API');
    // CSV export carries the raw values.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#card-summary .card-head button')]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    assert(csv.includes(`"${api1.json.totals.net_sales}"`), 'CSV has the raw net sales');
  });

  test('switching language to English and back', async () => {
    await signIn('owner');
    await page.selectOption('#lang', 'en');
    // The heading comes first, the cards after their API calls: wait for both.
    await waitFor(() => document.querySelector('h1')?.textContent === 'Kopi Senja dashboard' &&
      document.querySelector('[data-figure="net_sales"] .label')?.textContent === 'Net sales');
    let t = await text();
    assert(t.includes('Sign out') && t.includes('Net sales') && !t.includes('Penjualan bersih'), 'English page');
    assert(!t.includes('⟦'), 'every English string translated');
    const v = Number(await page.getAttribute('[data-figure="net_sales"]', 'data-value'));
    eq(await page.textContent('[data-figure="net_sales"] .value'), rupiah(v).replaceAll('.', ','), 'English grouping');
    await goto('/app/dashboard');
    eq(await page.textContent('h1'), 'Kopi Senja dashboard', 'the choice is kept');
    await page.waitForSelector('[data-figure="net_sales"]');
    await page.selectOption('#lang', 'id');
    await waitFor(() => document.querySelector('h1')?.textContent === 'Dasbor Kopi Senja' &&
      document.querySelector('[data-figure="net_sales"] .label')?.textContent === 'Penjualan bersih');
    t = await text();
    assert(t.includes('Keluar') && t.includes('Penjualan bersih'), 'Indonesian again');
  });

  test('partner admin cannot open another partner\'s merchant', async () => {
    await signIn('moka_admin');
    const mine = (await apiFromPage('/v1/merchants')).json.merchants;
    assert(mine.length > 0 && mine.every(m => m.partner === 'moka'), 'only moka merchants');
    const all = (await request(port, 'GET', '/v1/merchants', {Authorization: `Bearer ${keys.admin_key}`})).json.merchants;
    const other = all.find(m => m.partner === 'pawoon');
    const listed = await page.$$eval('table tbody tr', trs => trs.map(tr => tr.innerText).join('\n'));
    assert(!listed.includes(other.name), 'the other partner\'s merchant is not listed');
    await goto(`/app/merchants/${other.id}`);
    eq(await page.textContent('h1'), 'Halaman tidak ditemukan', 'direct URL refused');
    eq((await apiFromPage(`/v1/merchants/${other.id}/summary?from=2026-10-01&to=2026-10-31`)).status, 404, 'API refuses like a missing merchant');
    await goto(`/app/merchants/${mine[0].id}`);
    await page.waitForSelector('[data-figure="net_sales"]');
    await shot('partner-merchant-dashboard');
    await goto('/app/merchants');
    await shot('partner-merchants');
    await goto('/app/branding');
    await page.waitForSelector('#product');
    await shot('partner-branding');
  });

  test('co-branding: Moka merchants see "Moka Analytics powered by Clario"', async () => {
    await signIn('owner');
    const t = await text();
    assert(t.includes('Moka Analytics') && t.includes('didukung oleh Clario'), 'co-branded');
  });

  test('white-label: Pawoon merchants see no Clario mark, also on Pawoon\'s host name', async () => {
    await signIn('pawoon_owner');
    await page.waitForSelector('[data-figure="net_sales"]');
    const t = await text();
    assert(t.includes('Pawoon Analytics'), 'Pawoon brand');
    assert(!/clario/i.test(t), 'no Clario mark in the page');
    assert(!/clario/i.test(await page.evaluate(() => document.title)), 'none in the title');
    await shot('white-label-dashboard');
    const ctx = await request(port, 'GET', '/web/context', {Host: 'analytics.pawoon.localhost'});
    eq(ctx.json.brand.product, 'Pawoon Analytics', 'host name maps to the partner');
    eq(ctx.json.brand.powered_by, false, 'white-label on its host');
  });

  test('branding: settings saved, logo type and size checked', async () => {
    await signIn('pawoon_admin');
    await goto('/app/branding');
    await page.fill('#product', 'Pawoon Insight');
    await page.click('form.stack button[type=submit]');
    await waitFor(() => document.getElementById('branding-msg').textContent !== '');
    eq(await page.textContent('#branding-msg'), 'Tersimpan.', 'saved');
    const csrf = (await apiFromPage('/web/context')).json.csrf;
    const put = (body, type) => page.evaluate(async ([b, ty, c]) => (await fetch('/v1/branding/logo', {method: 'PUT', headers: {'Content-Type': ty, 'X-CSRF-Token': c}, body: b})).status, [body, type, csrf]);
    eq(await put('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/svg+xml'), 400, 'SVG with script refused');
    eq(await put('<svg xmlns="http://www.w3.org/2000/svg" onload="x()"></svg>', 'image/svg+xml'), 400, 'SVG with handler refused');
    eq(await put('GIF89a....', 'image/png'), 400, 'not a PNG');
    eq(await put('x'.repeat(300 * 1024), 'image/svg+xml'), 413, 'too big');
    eq(await put('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#5b2a86"/></svg>', 'image/svg+xml'), 200, 'plain SVG accepted');
    const brand = (await apiFromPage('/web/context')).json.brand;
    eq(brand.product, 'Pawoon Insight', 'new name in effect');
    const logo = await request(port, 'GET', brand.logo);
    eq(logo.status, 200, 'logo served');
    eq(logo.headers['content-type'], 'image/svg+xml', 'logo type');
    const setBrand = primary => page.evaluate(async ([c, p]) => (await fetch('/v1/branding', {method: 'PUT', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': c},
      body: JSON.stringify({product: 'Pawoon Analytics', primary: p, accent: '#f18f01', powered_by: false, frame_origins: ''})})).status, [csrf, primary]);
    // A light brand colour gets dark text on it (contrast), a dark one white.
    eq(await setBrand('#ffee00'), 200, 'light colour saved');
    await goto('/app/branding');
    eq(await page.evaluate(() => getComputedStyle(document.querySelector('.topbar')).color), 'rgb(26, 29, 33)', 'dark text on a light brand');
    eq(await setBrand('#5b2a86'), 200, 'brand restored');
    await goto('/app/branding');
    eq(await page.evaluate(() => getComputedStyle(document.querySelector('.topbar')).color), 'rgb(255, 255, 255)', 'white text on a dark brand');
  });

  test('embed tokens: valid, expired, tampered, other partner', async () => {
    await signOut();
    const mk = (key, body) => request(port, 'POST', '/v1/embed-tokens', {Authorization: `Bearer ${key}`, 'Content-Type': 'application/json'}, body);
    const ok = await mk(keys.partner_key, {merchant_id: Number(keys.merchant_id), view: 'dashboard', expires_in: 600});
    eq(ok.status, 201, 'token signed');
    eq((await mk(keys.partner_key, {merchant_id: Number(keys.merchant_id), view: 'dashboard', expires_in: 3601})).status, 400, 'at most 1 h');
    const page1 = await request(port, 'GET', ok.json.url);
    eq(page1.status, 200, 'embed page');
    assert(page1.headers['content-security-policy'].includes('frame-ancestors http://127.0.0.1:8090'), 'framing only by the partner\'s origin');
    assert(!page1.headers['x-frame-options'], 'no X-Frame-Options DENY on embeds');
    await page.goto(base + ok.json.url);
    await page.waitForSelector('[data-figure="net_sales"]');
    const api = await request(port, 'GET', `/v1/merchants/${keys.merchant_id}/summary?from=${await page.inputValue('#from')}&to=${await page.inputValue('#to')}`, {Authorization: `Bearer ${keys.merchant_key}`});
    eq(Number(await page.getAttribute('[data-figure="net_sales"]', 'data-value')), api.json.totals.net_sales, 'embedded figures equal the API');
    assert(!(await page.isVisible('#logout')), 'no sign-out in an embed');
    await shot('embed');
    // Read-only: the token cannot write.
    const w = await request(port, 'POST', `/v1/merchants/${keys.merchant_id}/outlets`, {Authorization: `Embed ${ok.json.token}`, 'Content-Type': 'application/json'}, {external_id: 'x', name: 'x', timezone: 'Asia/Jakarta'});
    eq(w.status, 403, 'embed token is read-only');
    // Scoped: another merchant is missing.
    eq((await request(port, 'GET', '/v1/merchants/2', {Authorization: `Embed ${ok.json.token}`})).status, 404, 'scoped to its merchant');
    // Tampered: change the merchant in the payload, keep the MAC.
    const [v, p64, mac] = ok.json.token.split('.');
    const payload = Buffer.from(p64, 'base64url').toString().replace(/^(\d+):(\d+):/, (s, a, b) => `${a}:${Number(b) + 1}:`);
    const forged = `${v}.${Buffer.from(payload).toString('base64url')}.${mac}`;
    eq((await request(port, 'GET', `/embed/dashboard?token=${forged}`)).status, 403, 'tampered token refused');
    eq((await request(port, 'GET', `/v1/merchants/${keys.merchant_id}`, {Authorization: `Embed ${forged}`})).status, 401, 'tampered token refused by the API');
    const flipped = ok.json.token.slice(0, -2) + (ok.json.token.endsWith('A') ? 'BB' : 'AA');
    eq((await request(port, 'GET', `/embed/dashboard?token=${flipped}`)).status, 403, 'bad MAC refused');
    // Expired.
    const short = await mk(keys.partner_key, {merchant_id: Number(keys.merchant_id), view: 'dashboard', expires_in: 1});
    await new Promise(r => setTimeout(r, 2100));
    eq((await request(port, 'GET', short.json.url)).status, 403, 'expired token refused');
    // Another partner cannot sign for moka's merchant.
    const admin = await request(port, 'GET', '/v1/merchants', {Authorization: `Bearer ${keys.admin_key}`});
    const pawoonKey = execFileSync(clario, ['keys', 'create', '--partner', 'pawoon', '--db', dbUrl], {stdio: ['ignore', 'pipe', 'ignore']}).toString().trim().split(/\s+/).find(s => s.startsWith('clk_live_'));
    assert(pawoonKey, 'a pawoon key');
    eq((await mk(pawoonKey, {merchant_id: Number(keys.merchant_id), view: 'dashboard'})).status, 404, 'other partner\'s merchant is missing');
    assert(admin.status === 200 && admin.json.merchants.length >= 50, 'admin key works');
  });

  test('phone viewport (390 px): no horizontal scroll', async () => {
    await page.setViewportSize({width: 390, height: 844});
    try {
      await signIn('owner');
      await page.waitForSelector('[data-figure="net_sales"]');
      for (const url of ['/app/dashboard', '/login']) {
        if (url === '/login') await signOut();
        await goto(url);
        await page.waitForTimeout(200);
        const w = await page.evaluate(() => document.documentElement.scrollWidth);
        assert(w <= 390, `${url}: page is ${w} px wide`);
        if (url === '/app/dashboard') await shot('dashboard-phone');
      }
      await signIn('admin');
      await goto('/app/admin/dead-letters');
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      assert(w <= 390, `dead letters: page is ${w} px wide`);
    } finally {
      await page.setViewportSize({width: 1280, height: 900});
    }
  });

  test('CSRF: state changes need the session\'s token and a same-origin request', async () => {
    await signIn('moka_admin');
    const cookie = `clario_session=${await cookieValue()}`;
    const csrf = (await apiFromPage('/web/context')).json.csrf;
    const body = {product: 'Moka Analytics', primary: '#d7263d', accent: '#1b998b', powered_by: true, frame_origins: 'http://127.0.0.1:8090'};
    const put = headers => request(port, 'PUT', '/v1/branding', {Cookie: cookie, 'Content-Type': 'application/json', ...headers}, body);
    eq((await put({})).status, 403, 'no token');
    eq((await put({'X-CSRF-Token': 'A'.repeat(43)})).status, 403, 'wrong token');
    eq((await put({'X-CSRF-Token': csrf, Origin: 'http://evil.example'})).status, 403, 'foreign origin');
    eq((await put({'X-CSRF-Token': csrf, Origin: base})).status, 200, 'right token, same origin');
    // The form field works as well as the header.
    eq((await request(port, 'POST', '/web/logout', {Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded'}, 'csrf_token=wrong')).status, 403, 'form with a wrong token');
    eq((await request(port, 'POST', '/web/logout', {Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded'}, `csrf_token=${csrf}`)).status, 200, 'form with the token');
    eq((await request(port, 'GET', '/web/context', {Cookie: cookie})).json.user, null, 'signed out: the session is gone server-side');
    eq((await request(port, 'GET', '/v1/merchants', {Cookie: cookie})).status, 401, 'the old cookie no longer authenticates');
    // API keys need no CSRF token.
    eq((await request(port, 'GET', '/v1/branding', {Authorization: `Bearer ${keys.partner_key}`})).status, 200, 'API key without token');
    // A cross-site sign-in post is refused.
    eq((await request(port, 'POST', '/web/login', {'Content-Type': 'application/json', Origin: 'http://evil.example'}, {email: 'x@y.z', password: 'x'})).status, 403, 'cross-site login');
  });

  test('session fixation: a planted session id never becomes a session', async () => {
    await signOut();
    const planted = 'F'.repeat(43);
    await context.addCookies([{name: 'clario_session', value: planted, url: base}]);
    await signIn2('owner');
    const after = await cookieValue();
    assert(after && after !== planted, 'a new id on sign-in');
    eq((await request(port, 'GET', '/web/context', {Cookie: `clario_session=${planted}`})).json.user, null, 'the planted id is not signed in');
    const cookies = await context.cookies();
    const c = cookies.find(k => k.name === 'clario_session');
    assert(c.httpOnly && c.sameSite === 'Lax', 'HttpOnly, SameSite=Lax');
    // Signing in again rotates the id and ends the previous session.
    const before = after;
    await signIn2('owner');
    const rotated = await cookieValue();
    assert(rotated !== before, 'rotated on sign-in');
    eq((await request(port, 'GET', '/web/context', {Cookie: `clario_session=${before}`})).json.user, null, 'the previous session ended');
  });
  // Sign in without clearing cookies first (to keep a planted one).
  async function signIn2(who) {
    await goto('/login');
    if (new URL(page.url()).pathname !== '/login') {
      await page.evaluate(async () => { const c = (await (await fetch('/web/context')).json()).csrf; await fetch('/web/logout', {method: 'POST', headers: {'X-CSRF-Token': c}}); });
      await goto('/login');
    }
    await page.fill('#email', users[who].email);
    await page.fill('#password', users[who].password);
    await Promise.all([page.waitForURL(u => u.pathname.startsWith('/app/'), {timeout: 15000}), page.click('button[type=submit]')]);
    await page.waitForSelector('body[data-ready="1"]', {timeout: 15000});
  }

  test('merchant staff reads but cannot change', async () => {
    await signIn('staff');
    const csrf = (await apiFromPage('/web/context')).json.csrf;
    const st = await page.evaluate(async ([c, id]) => (await fetch(`/v1/merchants/${id}/outlets`, {method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': c}, body: '{}'})).status, [csrf, keys.merchant_id]);
    eq(st, 403, 'staff is read-only');
  });

  test('password reset by a one-time link (printed to the log in demo mode)', async () => {
    await signOut();
    await goto('/reset');
    await page.fill('#email', users.staff.email);
    await page.click('button[type=submit]');
    await waitFor(() => document.getElementById('reset-msg').textContent !== '');
    const unknown = await request(port, 'POST', '/web/password-reset', {'Content-Type': 'application/json'}, {email: 'nobody@nowhere.demo'});
    eq(unknown.status, 202, 'unknown e-mail answered the same');
    let link = null;
    for (let i = 0; i < 50 && !link; i++) {
      const m = fs.readFileSync(log, 'utf8').match(/reset\?token=([A-Za-z0-9_-]{43})/);
      link = m && m[1];
      if (!link) await new Promise(r => setTimeout(r, 100));
    }
    assert(link, 'the reset link is in the log');
    await goto(`/reset?token=${link}`);
    await page.fill('#password', 'a-new-password-2026');
    await page.click('button[type=submit]');
    await waitFor(() => document.getElementById('reset-msg').textContent !== '');
    eq(await page.getAttribute('#reset-msg', 'class'), 'ok', 'password changed');
    const again = await request(port, 'POST', '/web/password-reset/confirm', {'Content-Type': 'application/json'}, {token: link, password: 'another-password-2026'});
    eq(again.status, 404, 'one use only');
    users.staff.password = 'a-new-password-2026';
    await signIn('staff');
    eq(new URL(page.url()).pathname, '/app/dashboard', 'signed in with the new password');
  });

  // Suites of other parts of the app, one file each (dashboard cards, partner
  // programme pages): each exports register(test, helpers).
  // Registered before the rate-limit check, which locks the channel user out.
  const helpers = {page, context, base, port, keys, users, goto, text, signIn, signOut, waitFor,
    shot, apiFromPage, request, assert, eq, rupiah};
  for (const f of ['suite-dashboard.mjs', 'suite-partner.mjs'])
    (await import(path.join(here, f))).register(test, helpers);

  test('login rate limit: locked out alike for known and unknown accounts', async () => {
    await signOut();
    const login = (email, password) => request(port, 'POST', '/web/login', {'Content-Type': 'application/json'}, {email, password});
    const known = users.channel.email, unknown = 'ghost@nowhere.demo';
    for (let i = 0; i < 5; i++) {
      const a = await login(known, 'wrong-password-x'), b = await login(unknown, 'wrong-password-x');
      eq(a.status, 401, 'wrong password');
      eq(b.status, 401, 'unknown account');
      eq(a.body, b.body, 'same answer for both');
    }
    const a = await login(known, users.channel.password), b = await login(unknown, 'anything-at-all');
    eq(a.status, 429, 'locked even with the right password');
    eq(b.status, 429, 'unknown account locked the same way');
    eq(a.body, b.body, 'same lock-out answer');
    await goto('/login');
    await page.fill('#email', known);
    await page.fill('#password', users.channel.password);
    await page.click('button[type=submit]');
    await waitFor(() => document.getElementById('login-msg').textContent !== '');
    eq(await page.textContent('#login-msg'), 'Terlalu banyak percobaan. Tunggu 15 menit lalu coba lagi.', 'the page says so');
  });

  test('no script errors in the browser console', async () => {
    const real = consoleErrors.filter(e => !/status of (401|403|404|429)/.test(e) && !/Failed to load resource/.test(e));
    assert(real.length === 0, real.join('\n'));
  });

  for (const {name, fn} of tests) {
    try {
      await fn();
      passes++;
      console.log(`ok - ${name}`);
    } catch (e) {
      failures++;
      console.log(`not ok - ${name}\n  ${String(e.stack || e).split('\n').slice(0, 3).join('\n  ')}`);
    }
  }
}

try {
  await main();
} catch (e) {
  failures++;
  console.log(`not ok - setup: ${e.stack || e}`);
} finally {
  if (context) await context.close().catch(() => {});
  if (failures && fs.existsSync(log)) console.log('--- server log (tail) ---\n' + fs.readFileSync(log, 'utf8').split('\n').slice(-30).join('\n'));
  cleanup();
}
console.log(`${passes} passed, ${failures} failed${pg ? ' (PostgreSQL)' : ''}`);
process.exit(failures ? 1 : 0);
