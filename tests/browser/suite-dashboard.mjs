// Browser checks of the merchant dashboard cards (analytics), run by run.mjs in the same
// browser and server as the rest. register(test, helpers) adds them.
// Each card's key figures are compared with the answer of the card's own API
// endpoint (not the /dashboard call the page uses), formatted here independently.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';

const CARD_IDS = ['summary', 'trend', 'insights', 'forecast', 'heatmap', 'top-items', 'menu-engineering', 'basket',
  'mix', 'outlets', 'alerts', 'benchmark'];
const MONTHS = {id: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']};
const dateId = iso => { const [y, m, d] = iso.split('-').map(Number); return `${d} ${MONTHS.id[m - 1]} ${y}`; };
const dec2 = x => x.toFixed(2).replace('.', ',');

export function register(test, h) {
  const {page, keys, goto, signIn, waitFor, shot, apiFromPage, assert, eq, rupiah} = h;
  const mid = keys.merchant_id;

  // Every card rendered (or hidden on purpose), nothing loading.
  const allCards = async () => {
    await page.waitForSelector('#card-summary [data-figure="net_sales"]', {timeout: 20000});
    await waitFor(ids => ids.every(id => { const s = document.getElementById(`card-${id}`); return s && (s.hidden || s.querySelector('h2, .error')); }) &&
      !document.getElementById('dash-status').textContent, CARD_IDS);
    const failed = await page.$$eval('#cards .error', es => es.map(e => `${e.closest('section').id}: ${e.textContent}`));
    eq(failed.join('; '), '', 'no card failed');
  };
  // The dashboard for the whole merchant (a check before picked one outlet; the choice is kept per tab).
  const openAll = async () => {
    await goto('/app/dashboard');
    await page.waitForSelector('#outlet');
    if (await page.inputValue('#outlet') !== '') {
      await page.selectOption('#outlet', '');
      await page.click('form.controls button[type=submit]');
    }
    await allCards();
    const from = await page.inputValue('#from'), to = await page.inputValue('#to');
    return {from, to, q: `from=${from}&to=${to}`};
  };
  const api = async p => { const r = await apiFromPage(p); eq(r.status, 200, p); return r.json; };
  const cells = sel => page.$$eval(sel, trs => trs.map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent)));

  test('dashboard cards: every card shown, no card failed, all strings translated', async () => {
    await signIn('owner');
    await openAll();
    for (const id of CARD_IDS) assert(await page.isVisible(`#card-${id}`), `card ${id} shown (Kopi Senja has 3 outlets)`);
    eq(await page.$$eval('#cards .error', e => e.length), 0, 'no card failed');
    assert(!(await page.evaluate(() => document.body.innerText)).includes('⟦'), 'every string translated');
    // Every table has its CSV and XLSX buttons, each labelled.
    const blocks = await page.$$eval('#cards [data-table]', bs => bs.map(b => [b.dataset.table,
      b.querySelectorAll('button[data-export$=".csv"]').length, b.querySelectorAll('button[data-export$=".xlsx"]').length,
      [...b.querySelectorAll('button')].every(x => x.getAttribute('aria-label'))]));
    assert(blocks.length >= 12, `tables with export: ${blocks.length}`);
    for (const [name, csv, xlsx, labelled] of blocks) assert(csv === 1 && xlsx === 1 && labelled, `${name}: CSV + XLSX buttons, labelled`);
    await shot('dashboard');
  });

  test('forecast card: first day and its 80% band equal /forecast', async () => {
    const {q} = await openAll();
    const fc = await api(`/v1/merchants/${mid}/forecast?${q}`);
    const p = fc.total_net_sales.points[0];
    const [first] = await cells('#card-forecast [data-table="forecast"] tbody tr');
    eq(first.join('|'), [dateId(p.date), rupiah(p.mean), rupiah(p.lo80), rupiah(p.hi80)].join('|'), 'first forecast day');
    assert(p.lo80 <= p.mean && p.mean <= p.hi80, 'band around the mean');
    eq((await cells('#card-forecast [data-table="forecast"] tbody tr')).length, fc.total_net_sales.points.length, 'one row per forecast day');
    assert(await page.$('#card-forecast canvas'), 'chart drawn');
  });

  test('top items and movers equal /items', async () => {
    const {q} = await openAll();
    const it = await api(`/v1/merchants/${mid}/items?${q}`);
    const top = [...it.items].sort((a, b) => b.net_sales - a.net_sales)[0];
    const [row] = await cells('#card-top-items [data-table="top-items"] tbody tr');
    eq(row[0], top.name, 'top item name');
    eq(row[3], rupiah(top.net_sales), 'top item net sales');
    const rise = await cells('#card-top-items [data-table="top-movers"] tbody tr');
    eq(rise.length, (it.top_movers || []).length, 'risers');
    if (rise.length) eq(rise[0][0], it.top_movers[0].name, 'first riser');
    const fall = await cells('#card-top-items [data-table="bottom-movers"] tbody tr');
    eq(fall.length, (it.bottom_movers || []).length, 'fallers');
    if (fall.length) eq(fall[0][4], rupiah(it.bottom_movers[0].trend.change), 'first faller change');
  });

  test('menu engineering: class counts equal /menu-engineering, action per class, scatter chart', async () => {
    const {q} = await openAll();
    const me = await api(`/v1/merchants/${mid}/menu-engineering?${q}`);
    const want = {star: 0, plowhorse: 0, puzzle: 0, dog: 0};
    for (const i of me.groups[0].items) if (i.class in want) want[i.class] += 1; // counted here from the items
    const got = Object.fromEntries(await page.$$eval('#card-menu-engineering [data-class]', es => es.map(e => [e.dataset.class, Number(e.dataset.count)])));
    for (const c of Object.keys(want)) eq(got[c], want[c], `${c} count`);
    assert(Object.values(want).reduce((a, b) => a + b) > 0, 'the demo has classified items');
    const actions = await page.$$eval('#card-menu-engineering [data-class] .action', es => es.map(e => e.textContent));
    assert(actions.length >= 4 && new Set(actions).size === actions.length, 'one action per class');
    assert(actions[0].startsWith('Pertahankan'), `Star action in Indonesian: ${actions[0]}`);
    eq((await cells('#card-menu-engineering [data-table="menu-engineering"] tbody tr')).length, me.groups[0].items.length, 'one row per item');
    assert(await page.evaluate(() => window.Chart?.getChart(document.querySelector('#card-menu-engineering canvas'))?.config.type === 'scatter'), 'Chart.js scatter');
  });

  test('basket: first pair and its lift equal /basket; bundle suggestions', async () => {
    const {q} = await openAll();
    const b = await api(`/v1/merchants/${mid}/basket?${q}`);
    assert(b.pairs.length > 0, 'the demo month has pairs');
    const [row] = await cells('#card-basket [data-table="basket-pairs"] tbody tr');
    eq(`${row[0]} + ${row[1]}`, `${b.pairs[0].items[0].name} + ${b.pairs[0].items[1].name}`, 'first pair');
    eq(row[6], dec2(b.pairs[0].lift), 'its lift');
    eq(Number(row[2].replaceAll('.', '')), b.pairs[0].tickets, 'its tickets');
    const bundles = await page.$$eval('#card-basket ul.bundles li', ls => ls.map(l => l.textContent));
    eq(bundles.length, (b.bundles || []).length, 'one suggestion per bundle');
    if (bundles.length) assert(bundles[0].startsWith(b.bundles[0].items.map(i => i.name).join(' + ')), `bundle text: ${bundles[0]}`);
  });

  test('channel and payment mix: net and commission per channel equal /channels and /payments', async () => {
    const {q} = await openAll();
    const ch = await api(`/v1/merchants/${mid}/channels?${q}`);
    const want = ch.channels.filter(c => c.tickets || c.net_sales);
    const rows = await cells('#card-mix [data-table="channels"] tbody tr');
    eq(rows.length, want.length, 'channels with sales');
    want.forEach((c, i) => {
      eq(rows[i][2], rupiah(c.net_sales), `${c.channel} net`);
      eq(rows[i][4], rupiah(c.commission + c.fixed_fees + c.commission_vat), `${c.channel} commission and fees`);
    });
    assert(want.some(c => c.delivery_platform && c.commission > 0), 'a delivery platform with commission');
    const pay = await api(`/v1/merchants/${mid}/payments?${q}`);
    const prow = await cells('#card-mix [data-table="payments"] tbody tr');
    eq(prow.length, pay.families.length, 'payment families');
    pay.families.forEach((f, i) => eq(prow[i][2], rupiah(f.amount), `${f.family} amount`));
  });

  test('heatmap and outlet comparison equal /heatmap and /outlet-comparison', async () => {
    const {q} = await openAll();
    const hm = await api(`/v1/merchants/${mid}/heatmap?${q}`);
    const grid = await page.$$eval('#card-heatmap table.heat tbody tr', trs => trs.map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent)));
    eq(grid.length, 7, 'seven weekdays');
    eq(grid[0].length, 24, '24 hours');
    // Monday 12:00 in thousands of rupiah.
    eq(grid[0][12], rupiah(Math.round(hm.weekdays[0].avg_net_sales[12] / 1000)).slice(3), 'Monday noon');
    const dp = await cells('#card-heatmap [data-table="dayparts"] tbody tr');
    eq(dp.length, hm.dayparts.length, 'dayparts');
    eq(dp[0][2], rupiah(hm.dayparts[0].net_sales), 'first daypart net');
    const oc = await api(`/v1/merchants/${mid}/outlet-comparison?${q}`);
    const best = oc.outlets.find(o => o.rank === 1);
    const orow = await cells('#card-outlets [data-table="outlets"] tbody tr');
    eq(orow.length, oc.outlets.length, 'one row per outlet');
    eq(`${orow[0][1]} ${orow[0][2]}`, `${best.name} ${rupiah(best.net_sales)}`, 'rank 1 outlet');
    // One outlet picked: no comparison card.
    await page.selectOption('#outlet', String(oc.outlets[0].outlet_id));
    await page.click('form.controls button[type=submit]');
    await allCards();
    assert(await page.$eval('#card-outlets', e => e.hidden), 'outlet comparison hidden for one outlet');
    // The peer benchmark stays merchant-wide and says so.
    assert((await page.textContent('#card-benchmark')).includes('seluruh usaha'), 'benchmark covers the whole merchant');
  });

  test('alerts: count and rows equal /alerts', async () => {
    const {q} = await openAll();
    const al = await api(`/v1/merchants/${mid}/alerts?${q}`);
    eq(Number(await page.getAttribute('#card-alerts .alert-count', 'data-count')), al.alerts.length, 'alert count');
    eq((await cells('#card-alerts [data-table="alerts"] tbody tr')).length, al.alerts.length, 'one row per alert');
    if (al.alerts.length) eq((await cells('#card-alerts [data-table="alerts"] tbody tr'))[0][3], dateId(al.alerts[0].from), 'first alert date');
  });

  test('peer benchmark equals /peers; a cohort too small says so', async () => {
    const {q} = await openAll();
    const p = await api(`/v1/merchants/${mid}/peers?${q}`);
    assert(p.available, 'Kopi Senja has peers');
    const rows = await cells('#card-benchmark [data-table="peers"] tbody tr');
    eq(rows.length, p.metrics.length, 'one row per metric');
    const at = p.metrics.find(m => m.metric === 'average_ticket');
    eq(rows[p.metrics.indexOf(at)][1], rupiah(at.value), 'own average ticket');
    eq(rows[p.metrics.indexOf(at)][4], rupiah(at.median), 'cohort median');
    // The demo's cohorts are all large enough: answer this page's call the way
    // the server answers a cohort of fewer than 5 (api/mix_peers.c).
    await page.route('**/v1/merchants/*/peers?*', r => r.fulfill({status: 200, contentType: 'application/json',
      body: JSON.stringify({merchant_id: Number(mid), available: false, kind: 'cafe', region: null, size_band: 'small',
        minimum_cohort: 5, cohort_basis: null, cohort_size: 4, reason: 'largest cohort has 4 merchants, at least 5 are needed'})}));
    try {
      await page.click('form.controls button[type=submit]');
      await allCards();
      const msg = await page.textContent('#card-benchmark .too-small');
      assert(msg.includes('terlalu kecil') && msg.includes('5'), `too-small message: ${msg}`);
      eq(await page.$$eval('#card-benchmark table', t => t.length), 0, 'no figures shown');
    } finally { await page.unroute('**/v1/merchants/*/peers?*'); }
  });

  test('insights feed follows the language, each links to its card', async () => {
    for (const lang of ['id', 'en']) {
      if (lang === 'en') {
        await page.selectOption('#lang', 'en');
        await waitFor(() => document.querySelector('#card-insights h2')?.textContent === 'Insights' && !document.getElementById('dash-status').textContent);
      }
      const {q} = lang === 'id' ? await openAll() : {q: `from=${await page.inputValue('#from')}&to=${await page.inputValue('#to')}`};
      if (lang === 'en') await allCards();
      const ins = await api(`/v1/merchants/${mid}/insights?${q}&lang=${lang}`);
      const items = await page.$$eval('#card-insights ol.insights li', ls => ls.map(l => ({text: l.querySelector('.ins-text').textContent, href: l.querySelector('a').getAttribute('href')})));
      eq(items.length, ins.insights.length, `${lang}: insights count`);
      assert(items.length > 0, 'the demo month has insights');
      eq(items[0].text, ins.insights[0].text, `${lang}: first insight`);
      for (const it of items) assert(await page.$(it.href), `${it.href} is a card on the page`);
      if (lang === 'en') await shot('dashboard-en');
    }
    await page.selectOption('#lang', 'id');
    await waitFor(() => document.querySelector('#card-insights h2')?.textContent === 'Temuan');
  });

  test('XLSX export: a valid zip whose sheet holds the table\'s first row', async () => {
    const {q} = await openAll();
    const it = await api(`/v1/merchants/${mid}/items?${q}`);
    const top = [...it.items].sort((a, b) => b.net_sales - a.net_sales)[0];
    const [download] = await Promise.all([page.waitForEvent('download'),
      page.click('#card-top-items [data-table="top-items"] button[data-export="top-items.xlsx"]')]);
    eq(download.suggestedFilename(), 'top-items.xlsx', 'file name');
    const file = await download.path();
    // Info-ZIP checks the structure and every CRC-32; then read the parts.
    const check = execFileSync('unzip', ['-t', file], {encoding: 'utf8'});
    assert(check.includes('No errors detected'), check);
    const list = execFileSync('unzip', ['-Z1', file], {encoding: 'utf8'}).split('\n').filter(Boolean);
    for (const p of ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml'])
      assert(list.includes(p), `part ${p}`);
    const sheet = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], {encoding: 'utf8'});
    const row2 = /<row r="2">(.*?)<\/row>/.exec(sheet)?.[1] || '';
    assert(row2.includes(`<t xml:space="preserve">${top.name}</t>`), `first row has the item name: ${row2}`);
    assert(row2.includes(`<v>${top.net_sales}</v>`), 'first row has the raw net sales as a number');
    assert(row2.includes(`<v>${top.qty}</v>`), 'and the quantity');
    // The CSV of the same table carries the same raw values.
    const [csvDl] = await Promise.all([page.waitForEvent('download'),
      page.click('#card-top-items [data-table="top-items"] button[data-export="top-items.csv"]')]);
    const csv = fs.readFileSync(await csvDl.path(), 'utf8').split('\r\n');
    assert(csv[1].startsWith(`"${top.name}"`) && csv[1].includes(`"${top.net_sales}"`), `CSV first row: ${csv[1]}`);
  });

  test('dashboard on a 390 px phone: all cards, no horizontal scroll', async () => {
    await page.setViewportSize({width: 390, height: 844});
    try {
      await openAll();
      for (const id of CARD_IDS) assert(await page.isVisible(`#card-${id}`), `card ${id} shown on the phone`);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      assert(w <= 390, `page is ${w} px wide`);
      await shot('dashboard-phone');
    } finally { await page.setViewportSize({width: 1280, height: 900}); }
  });

  test('dashboard cards by keyboard: export buttons reachable and named', async () => {
    await openAll();
    const target = '#card-basket [data-table="basket-pairs"] button[data-export="basket-pairs.xlsx"]';
    await page.focus('#card-basket [data-table="basket-pairs"] button[data-export="basket-pairs.csv"]');
    await page.keyboard.press('Tab');
    eq(await page.evaluate(() => document.activeElement.dataset.export), 'basket-pairs.xlsx', 'Tab moves to the XLSX button');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    eq(download.suggestedFilename(), 'basket-pairs.xlsx', 'Enter downloads');
    assert(await page.$(target), 'button exists');
    // Canvases carry a label for screen readers.
    const unlabelled = await page.$$eval('#cards canvas', cs => cs.filter(c => !c.getAttribute('aria-label')).length);
    eq(unlabelled, 0, 'every chart labelled');
  });
}
