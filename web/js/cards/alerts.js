// Alerts: days whose sales left the forecast's range and void, refund or
// discount rate spikes (docs/analytics.md 7), newest first, with what to check.
import {h} from '../dom.js';
import {t, fmtRp, fmtDate, fmtInt} from '../i18n.js';
import {dashboard, head, tableBlock, fmtDec} from './kit.js';

const KINDS = () => ({sales_low: t('alert.sales_low'), sales_high: t('alert.sales_high'), no_sales: t('alert.closed'),
  void_rate: t('alert.void_rate'), refund_rate: t('alert.refund_rate'), discount_rate: t('alert.discount_rate')});
const CHECKS = () => ({sales_low: t('alert.check_sales_low'), sales_high: t('alert.check_sales_high'), no_sales: t('alert.check_closed'),
  void_rate: t('alert.check_void_rate'), refund_rate: t('alert.check_refund_rate'), discount_rate: t('alert.check_discount_rate')});

export default {
  async render(el, data) {
    const al = (await dashboard(data)).alerts.alerts;
    const kinds = KINDS(), checks = CHECKS();
    const outlets = Object.fromEntries(data.merchant.outlets.map(o => [o.id, o.name]));
    const rows = al.map(a => ({...a, outlet: outlets[a.outlet_id] || '', kind_text: kinds[a.kind] || a.kind,
      check_text: checks[a.kind] || ''}));
    const cols = [
      {key: 'kind_text', label: t('alert.what')},
      {key: 'outlet', label: t('dash.outlet')},
      {key: 'cashier_id', label: t('alert.cashier'), fmt: v => v ?? ''},
      {key: 'from', label: t('dash.from'), fmt: fmtDate},
      {key: 'to', label: t('dash.to'), fmt: fmtDate},
      {key: 'net_sales', label: t('fig.net_sales'), num: true, fmt: v => (v === undefined ? '' : fmtRp(v))},
      {key: 'expected_net_sales', label: t('alert.expected'), num: true, fmt: v => (v === undefined ? '' : fmtRp(v))},
      {key: 'score', label: t('alert.score'), num: true, fmt: v => fmtDec(v, 1)},
      {key: 'check_text', label: t('alert.check')},
    ];
    el.append(head('alerts', t('card.alerts')),
      h('p', {class: 'alert-count', dataset: {count: String(al.length)}},
        al.length ? t('alert.count', {n: fmtInt(al.length)}) : t('alert.none')),
      al.length ? h('ul', {class: 'alerts'}, rows.slice(0, 5).map(r => h('li', {},
        h('strong', {}, r.kind_text), ` — ${r.outlet ? `${r.outlet}, ` : ''}${fmtDate(r.from)}${r.to !== r.from ? ` – ${fmtDate(r.to)}` : ''}. `,
        r.check_text))) : null,
      tableBlock('alerts', t('card.alerts'), cols, rows, {folded: true}));
  },
};
