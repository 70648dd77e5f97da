// Browser checks of the partner portal, admin console and channel-partner pages (partner programme), run by run.mjs in the same
// browser and server as the rest. register(test, helpers) adds them. Expected
// figures come from the JSON API (an API key, not the page) and the
// Indonesian formats are written out here independently of web/js/i18n.js.
import fs from 'node:fs';

export function register(test, h) {
  const {page, port, keys, goto, text, signIn, waitFor, shot, apiFromPage, request, assert, eq, rupiah} = h;
  const admin = p => request(port, 'GET', p, {Authorization: `Bearer ${keys.admin_key}`});
  // One decimal with a comma, as the pages write percentages and NPS in Indonesian.
  const dec1 = x => (Math.round(x * 10) / 10).toFixed(1).replace('.', ',');
  const partnerId = async code => (await admin('/v1/partners')).json.partners.find(p => p.code === code).id;
  // A write from the signed-in page with its CSRF token (what web/js/api.js does).
  const postFromPage = (p, body) => page.evaluate(async ([u, b]) => {
    const ctx = await (await fetch('/web/context')).json();
    const r = await fetch(u, {method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': ctx.csrf || ''}, body: JSON.stringify(b)});
    return {status: r.status, json: await r.json().catch(() => null)};
  }, [p, body]);
  const notFound = async url => { await goto(url); eq(await page.textContent('h1'), 'Halaman tidak ditemukan', `${url} refused`); };

  test('partner programme pages: each role sees its own', async () => {
    const navs = {
      moka_admin: [['Add-on merchant', 'Keuangan', 'Program mitra'], ['Kontrak', 'Penagihan', 'Kemitraan']],
      admin: [['Kontrak', 'Penagihan', 'Kemitraan'], ['Add-on merchant', 'Keuangan']],
      channel: [['Program referral'], ['Add-on merchant', 'Keuangan', 'Kontrak', 'Penagihan']],
    };
    for (const [who, [yes, no]] of Object.entries(navs)) {
      await signIn(who);
      const nav = await page.textContent('#nav');
      for (const n of yes) assert(nav.includes(n), `${who} nav has ${n}: ${nav}`);
      for (const n of no) assert(!nav.includes(n), `${who} nav lacks ${n}: ${nav}`);
    }
    await signIn('moka_admin');
    for (const u of ['/app/admin/billing', '/app/admin/programme', '/app/admin/contracts']) await notFound(u);
    await signIn('channel');
    for (const u of ['/app/partner/addon', '/app/partner/finance', '/app/admin/billing']) await notFound(u);
    await signIn('owner');
    for (const u of ['/app/partner/programme', '/app/admin/programme', '/app/channel']) await notFound(u);
  });

  test('partner portal: add-on on and off for its merchant; another partner\'s merchant is refused', async () => {
    const moka = await partnerId('moka'), pawoon = await partnerId('pawoon');
    await signIn('moka_admin');
    await goto('/app/partner/addon');
    const before = (await apiFromPage(`/v1/partners/${moka}/addon`)).json;
    eq(before.merchants.length, (await admin('/v1/merchants')).json.merchants.filter(m => m.partner === 'moka').length, 'every Moka merchant listed');
    eq(await page.$$eval('#addon-table tbody tr', trs => trs.length), before.merchants.length, 'one row per merchant');
    eq(Number(await page.getAttribute('[data-figure="addon_active"]', 'data-value')), before.addon_active, 'active count equals the API');
    const m = before.merchants[0];
    const state = async () => (await apiFromPage(`/v1/partners/${moka}/addon`)).json.merchants.find(x => x.merchant_id === m.merchant_id).addon_active;
    const flip = async want => {
      await page.click(`button[data-merchant="${m.merchant_id}"]`);
      await waitFor(([id, on]) => document.querySelector(`button[data-merchant="${id}"]`)?.closest('tr')
        ?.querySelector('[data-status]')?.dataset.status === (on ? 'on' : 'off'), [m.merchant_id, want]);
      eq(await state(), want, `the API says ${want ? 'on' : 'off'}`);
      const msg = await page.textContent('#addon-msg');
      eq(msg, `Add-on ${want ? 'diaktifkan' : 'dinonaktifkan'} untuk ${m.name}.`, 'the page says so');
    };
    await flip(!m.addon_active);
    await shot('partner-addon');
    await flip(m.addon_active);
    // the subscription the switch made is Moka's, at its contract's price
    const subs = (await admin(`/v1/partners/${moka}/merchants`)).json.subscriptions.filter(s => s.merchant_id === m.merchant_id);
    assert(subs.length >= 1 && subs.every(s => s.source === 'partner'), 'partner-sourced subscriptions');
    // another partner's merchant: not on the page, 404 through the URL and the API
    const other = (await admin('/v1/merchants')).json.merchants.find(x => x.partner === 'pawoon');
    assert(!(await text()).includes(other.name), 'Pawoon\'s merchant not listed');
    const missing = await postFromPage(`/v1/partners/${moka}/merchants/987654321/addon`, {active: true});
    const foreign = await postFromPage(`/v1/partners/${moka}/merchants/${other.id}/addon`, {active: true});
    eq(foreign.status, 404, 'another partner\'s merchant');
    eq(JSON.stringify(foreign.json), JSON.stringify(missing.json), 'answered exactly like a missing merchant');
    eq((await postFromPage(`/v1/partners/${pawoon}/merchants/${other.id}/addon`, {active: true})).status, 404, 'another partner\'s id');
    eq((await apiFromPage(`/v1/partners/${pawoon}/addon`)).status, 404, 'another partner\'s list');
    await notFound(`/app/merchants/${other.id}`);
  });

  test('partner finance: statement totals equal the API; statement CSV downloads', async () => {
    const moka = await partnerId('moka');
    await signIn('moka_admin');
    await goto('/app/partner/finance');
    const st = (await admin(`/v1/partners/${moka}/statements`)).json.statements;
    assert(st.length > 0, 'the demo has statements');
    const shown = await page.$$eval('#statements tbody tr', trs => trs.map(tr => Object.fromEntries(
      [...tr.querySelectorAll('[data-figure]')].map(e => [e.dataset.figure, [Number(e.dataset.value), e.textContent]]))));
    eq(shown.length, st.length, 'one row per statement');
    const latest = st[st.length - 1];
    for (const k of ['gross', 'partner_share', 'clario_share']) {
      eq(shown[0][k][0], latest[k], `${k} of the latest statement`);
      eq(shown[0][k][1], rupiah(latest[k]), `${k} written the Indonesian way`);
    }
    eq(latest.partner_share + latest.clario_share, latest.gross, 'shares add up to the gross');
    const full = (await admin(`/v1/partners/${moka}/statements/${latest.id}`)).json;
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`button[data-statement="${latest.id}"]`)]);
    const rows = fs.readFileSync(await download.path(), 'utf8').trim().split('\r\n');
    eq(rows.length, full.lines.length + 1, 'a CSV row per statement line');
    const sum = rows.slice(1).reduce((a, r) => a + Number(r.split(',')[2].replaceAll('"', '')), 0);
    eq(sum, latest.gross, 'the CSV lines add up to the statement gross');
    await shot('partner-finance');
  });

  test('partner programme: scorecard revenue and pilot verdicts equal the API; a support ticket opens', async () => {
    await signIn('moka_admin');
    await goto('/app/partner/programme?month=2027-03&as_of=2027-06-10');
    const sc = (await admin('/v1/scorecards?month=2027-03&partner=moka')).json.scorecards.find(c => c.partner === 'moka');
    const rev = await page.$eval('#scorecard [data-figure="revenue"]', e => [Number(e.dataset.value), e.querySelector('.value').textContent]);
    eq(rev[0], sc.month.revenue, 'scorecard revenue');
    eq(rev[1], rupiah(sc.month.revenue), 'revenue written the Indonesian way');
    eq(await page.textContent('#scorecard [data-figure="merchant_nps"] .value'), dec1(sc.month.merchant_nps.nps), 'merchant NPS');
    const pilots = (await admin('/v1/pilots')).json.pilots.filter(p => p.partner === 'moka');
    assert(pilots.length > 0, 'the demo has a Moka pilot');
    const rep = (await admin(`/v1/pilots/${pilots[0].id}/report?as_of=2027-06-10`)).json;
    const label = {met: 'Tercapai', missed: 'Tidak tercapai', on_track: 'Sesuai jalur', at_risk: 'Berisiko'};
    const verdicts = await page.$$eval(`[data-pilot="${pilots[0].id}"] [data-verdict]`, es => es.map(e => [e.dataset.verdict, e.textContent]));
    eq(verdicts.length, rep.criteria.length, 'every criterion');
    rep.criteria.forEach((c, i) => { eq(verdicts[i][0], c.verdict, `${c.metric} verdict`); eq(verdicts[i][1], label[c.verdict], `${c.metric} label`); });
    eq(await page.getAttribute(`[data-pilot="${pilots[0].id}"]`, 'data-verdict'), rep.criteria.every(c => c.verdict === 'met') ? 'met' : 'missed', 'overall verdict');
    const tk = (await admin('/v1/support-tickets?month=2027-03&partner=moka')).json;
    eq(Number(await page.getAttribute('[data-figure="breached"]', 'data-value')), tk.breached, 'SLA breaches');
    eq(await page.$$eval('#tickets tbody tr', trs => trs.length), tk.tickets.length, 'every ticket');
    await shot('partner-programme');
    // open a ticket through the form
    const subject = `Uji tiket ${Date.now()}`;
    await page.fill('#ticket-subject', subject);
    await page.selectOption('#ticket-priority', 'high');
    await page.click('#ticket-form button[type=submit]');
    await waitFor(() => document.getElementById('ticket-msg').className === 'ok');
    const now = new Date().toISOString().slice(0, 7);
    const mine = (await admin(`/v1/support-tickets?month=${now}`)).json.tickets.find(x => x.subject === subject);
    assert(mine && mine.priority === 'high', 'the ticket is in the queue');
  });

  test('admin console: concentration warning, NPS, scorecards, support queue equal the API', async () => {
    await signIn('admin');
    await goto('/app/admin/programme?month=2027-05&as_of=2027-06-10');
    const risk = (await admin('/v1/risk?month=2027-05')).json;
    const hot = risk.partners.filter(p => p.level !== 'ok');
    assert(hot.length > 0, 'the demo passes the warning level in May 2027');
    const shown = await page.$$eval('#concentration [data-partner]', es => es.map(e => [e.dataset.partner, e.dataset.level, e.textContent]));
    eq(shown.length, hot.length, 'one warning line per partner above the level');
    eq(shown[0][0], hot[0].partner, 'the partner');
    eq(shown[0][1], hot[0].level, 'its level');
    assert(shown[0][2].includes(`${dec1(hot[0].share_pct)}%`), `its share: ${shown[0][2]}`);
    const s = (await admin('/v1/surveys/results?from=2027-01&to=2027-05')).json;
    eq(await page.textContent('#surveys [data-figure="nps"] .value'), dec1(s.overall.nps), 'overall NPS');
    eq(await page.$$eval('#nps-by-partner tbody tr', trs => trs.length), s.by_partner.length, 'NPS per partner');
    const sc = (await admin('/v1/scorecards?month=2027-05')).json.scorecards;
    const revs = await page.$$eval('.scorecard', es => es.map(e => [e.dataset.partner, Number(e.querySelector('[data-figure="revenue"]').dataset.value)]));
    eq(revs.length, sc.length, 'a scorecard per partner');
    for (const c of sc) eq(revs.find(r => r[0] === c.partner)[1], c.month.revenue, `${c.partner} revenue`);
    const tk = (await admin('/v1/support-tickets?month=2027-05')).json;
    eq(Number(await page.getAttribute('[data-figure="breached"]', 'data-value')), tk.breached, 'SLA breaches');
    eq(Number(await page.getAttribute('[data-figure="escalations"]', 'data-value')), tk.escalations, 'escalations');
    eq(Number(await page.getAttribute('#targets [data-figure="partner_revenue"]', 'data-value')), risk.targets.partner_revenue.value, 'partner revenue target');
    await shot('admin-programme');
  });

  test('admin: monthly close pressed twice gives one set of invoices', async () => {
    await signIn('admin');
    // a month before the demo's first: the first press closes it, the second finds it closed
    await goto('/app/admin/billing?month=2025-10');
    await page.click('#close-month');
    await waitFor(() => document.getElementById('close-msg').dataset.already !== undefined);
    eq(await page.getAttribute('#close-msg', 'data-already'), '0', 'first press closes');
    await page.click('#close-month');
    await waitFor(() => document.getElementById('close-msg').dataset.already === '1');
    assert((await page.textContent('#close-msg')).includes('sudah ditutup'), 'second press: already closed');
    // a closed month with documents: pressing changes nothing
    const month = '2026-10';
    const before = (await admin(`/v1/admin/invoices?month=${month}`)).json.invoices;
    assert(before.length > 0, 'the demo closed October');
    await goto(`/app/admin/billing?month=${month}`);
    eq(await page.$$eval('#invoices tbody tr', trs => trs.length), before.length, 'every invoice of the month');
    for (let i = 0; i < 2; i++) {
      await page.click('#close-month');
      await waitFor(() => document.getElementById('close-msg').dataset.already === '1');
      await page.evaluate(() => { delete document.getElementById('close-msg').dataset.already; });
    }
    const after = (await admin(`/v1/admin/invoices?month=${month}`)).json.invoices;
    eq(JSON.stringify(after.map(v => v.number)), JSON.stringify(before.map(v => v.number)), 'the same invoices, no new numbers');
    const rev = (await admin(`/v1/admin/revenue?month=${month}`)).json;
    eq(Number(await page.getAttribute('#revenue-total', 'data-value')), rev.total, 'revenue by channel total');
    eq(await page.$$eval('#revenue tbody tr', trs => trs.length), rev.channels.length, 'a row per channel');
    await shot('admin-billing');
  });

  test('admin: contracts listed per partner; a new version is added', async () => {
    const moka = await partnerId('moka');
    await signIn('admin');
    await goto('/app/admin/contracts');
    await page.selectOption('#c-partner', String(moka));
    const before = (await admin(`/v1/partners/${moka}/contracts`)).json.contracts;
    await waitFor(n => document.querySelectorAll('#contracts tbody tr').length === n, before.length);
    await page.fill('#c-effective', '2027-01-01');
    await page.fill('#c-bps', '6000');
    await page.click('#contract-form button[type=submit]');
    await waitFor(n => document.querySelectorAll('#contracts tbody tr').length === n, before.length + 1);
    const after = (await admin(`/v1/partners/${moka}/contracts`)).json.contracts;
    eq(after.length, before.length + 1, 'one more version');
    eq(after[after.length - 1].partner_bps, 6000, 'with the new split');
    eq(after[after.length - 1].effective_from, '2027-01-01', 'from the given day');
    await shot('admin-contracts');
  });

  test('channel partner: referrals and commission balance equal the API; it cannot write', async () => {
    await signIn('channel');
    const ctx = (await apiFromPage('/web/context')).json;
    const ref = (await admin(`/v1/partners/${ctx.user.partner_id}/referrals`)).json;
    assert(ref.commissions.length > 0, 'the demo channel partner has commissions');
    const fig = async k => page.$eval(`[data-figure="${k}"]`, e => [Number(e.dataset.value), e.querySelector('.value').textContent]);
    const bal = await fig('balance');
    eq(bal[0], ref.balance, 'commission balance');
    eq(bal[1], rupiah(ref.balance), 'written the Indonesian way');
    eq((await fig('referred'))[0], ref.referred, 'referred merchants');
    eq((await fig('converted'))[0], ref.converted, 'conversions');
    eq(await page.$$eval('#commissions tbody tr', trs => trs.length), ref.commissions.length, 'every commission');
    const link = ref.codes[0].link;
    assert((await text()).includes(link), 'the referral link');
    // read-only: no button writes; the API refuses writes with a valid CSRF token
    const buttons = await page.$$eval('main button', bs => bs.map(b => b.textContent));
    assert(buttons.every(b => b === 'Unduh CSV'), `only CSV buttons: ${buttons}`);
    eq((await postFromPage(`/v1/partners/${ctx.user.partner_id}/referrals/codes`, {code: 'NEWCODE1'})).status, 403, 'no new code');
    eq((await postFromPage('/v1/support-tickets', {subject: 'x', priority: 'low'})).status, 403, 'no ticket');
    eq((await admin(`/v1/partners/${ctx.user.partner_id}/referrals`)).json.codes.length, ref.codes.length, 'nothing changed');
    await shot('channel');
  });

  test('partner programme pages on a 390 px phone: no horizontal scroll', async () => {
    await page.setViewportSize({width: 390, height: 844});
    try {
      for (const [who, urls] of [['moka_admin', ['/app/partner/addon', '/app/partner/finance', '/app/partner/programme?month=2027-03']],
        ['admin', ['/app/admin/programme?month=2027-05', '/app/admin/billing?month=2026-10', '/app/admin/contracts']], ['channel', ['/app/channel']]]) {
        await signIn(who);
        for (const url of urls) {
          await goto(url);
          await page.waitForTimeout(150);
          const w = await page.evaluate(() => document.documentElement.scrollWidth);
          assert(w <= 390, `${url}: page is ${w} px wide`);
          assert(!(await text()).includes('⟦'), `${url}: every string translated`);
          if (url === '/app/partner/addon') await shot('partner-addon-phone');
        }
      }
    } finally {
      await page.setViewportSize({width: 1280, height: 900});
    }
  });
}
