// Outlet comparison (only for merchants with more than one outlet, over all
// outlets): net sales per open day, index against the merchant's average and
// rank, as a table with export.
import {h} from '../dom.js';
import {t, fmtRp, fmtInt} from '../i18n.js';
import {endpoint, head, tableBlock, fmtBps} from './kit.js';

export default {
  async render(el, data) {
    if (data.merchant.outlets.length < 2 || data.outletId) { el.hidden = true; return; }
    const oc = await data.api(endpoint(data, 'outlet-comparison'));
    const rows = [...oc.outlets].sort((a, b) => a.rank - b.rank);
    const cols = [
      {key: 'rank', label: t('out.rank'), num: true, fmt: fmtInt},
      {key: 'name', label: t('dash.outlet')},
      {key: 'net_sales', label: t('fig.net_sales'), num: true, fmt: fmtRp},
      {key: 'open_days', label: t('out.open_days'), num: true, fmt: fmtInt},
      {key: 'net_sales_per_open_day', label: t('out.per_day'), num: true, fmt: fmtRp},
      {key: 'index_bps', label: t('out.index'), num: true, fmt: v => fmtInt(Math.round(v / 100))},
      {key: 'average_ticket', label: t('fig.average_ticket'), num: true, fmt: fmtRp},
      {key: 'discount_rate_bps', label: t('out.discount_rate'), num: true, fmt: fmtBps},
      {key: 'void_rate_bps', label: t('out.void_rate'), num: true, fmt: fmtBps},
    ];
    el.append(head('outlets', t('card.outlets')), h('p', {class: 'muted'}, t('out.note')),
      tableBlock('outlets', t('card.outlets'), cols, rows));
  },
};
