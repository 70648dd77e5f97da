// Admin console: the monthly close (idempotent: a second press changes
// nothing), the month's invoices and Clario's revenue by channel.
import {api, ApiError} from '../api.js';
import {h} from '../dom.js';
import {fmtDate, fmtInt, fmtRp, t} from '../i18n.js';
import {fmt1, fmtMonth, monthParam, monthPicker, tableCard} from '../partner/kit.js';

const CHANNELS = {direct: () => t('billing.ch_direct'), reseller: () => t('contracts.reseller'),
  whitelabel: () => t('contracts.whitelabel'), cosell: () => t('contracts.cosell'), channel: () => t('contracts.channel')};

export default {
  title: 'billing.title',
  async render(main) {
    const month = monthParam();
    const [inv, rev] = await Promise.all([api(`/v1/admin/invoices?month=${month}`),
      api(`/v1/admin/revenue?month=${month}`).catch(e => { if (e instanceof ApiError) return null; throw e; })]);
    const msg = h('p', {id: 'close-msg', role: 'status', 'aria-live': 'polite'});
    const close = h('button', {type: 'button', id: 'close-month', onclick: async () => {
      close.disabled = true;
      try {
        const r = await api('/v1/admin/billing/close', {method: 'POST', body: {month}});
        msg.className = 'ok';
        msg.dataset.already = r.already_closed ? '1' : '0';
        msg.textContent = r.already_closed ? t('billing.already', {month: fmtMonth(month)})
          : t('billing.closed', {month: fmtMonth(month), n: fmtInt(r.invoices), s: fmtInt(r.statements)});
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        msg.className = 'error';
        msg.textContent = t('billing.refused', {reason: err.message});
      } finally { close.disabled = false; }
    }}, t('billing.close', {month: fmtMonth(month)}));
    const invCols = [
      {key: 'number', label: t('finance.number')},
      {key: 'kind', label: t('finance.kind')},
      {key: 'note', label: t('finance.note')},
      {key: 'subtotal', label: t('finance.subtotal'), num: true, fmt: fmtRp},
      {key: 'ppn', label: t('finance.ppn'), num: true, fmt: fmtRp},
      {key: 'total', label: t('finance.total'), num: true, fmt: fmtRp},
      {key: 'issued_at', label: t('billing.issued'), fmt: v => fmtDate(v.slice(0, 10))},
    ];
    const revCols = [
      {key: 'channel', label: t('billing.channel'), fmt: c => (CHANNELS[c] || (() => c))()},
      {key: 'partner', label: t('contracts.partner'), fmt: p => p || '–'},
      {key: 'revenue', label: t('score.revenue'), num: true, fmt: fmtRp},
      {key: 'share_bps', label: t('billing.share'), num: true, fmt: b => `${fmt1(b / 100)}%`},
    ];
    main.append(h('h1', {}, t('billing.title')), monthPicker(month),
      h('section', {class: 'card'}, h('h2', {}, t('billing.close_title')), h('p', {class: 'muted'}, t('billing.close_help')), close, msg),
      tableCard('invoices', t('billing.invoices', {n: fmtInt(inv.invoices.length)}), invCols, inv.invoices, `invoices-${month}.csv`),
      rev ? h('div', {},
        h('p', {id: 'revenue-total', dataset: {value: rev.total}}, t('billing.revenue_total', {total: fmtRp(rev.total)})),
        tableCard('revenue', t('billing.revenue'), revCols, rev.channels, `revenue-${month}.csv`)) : null);
  },
};
