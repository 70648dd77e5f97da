// Channel and payment mix: net sales per sales channel with the delivery
// platforms' commission and fees and the margin left, and payments by family
// against the previous period (docs/analytics-mix.md 8-9).
import {h} from '../dom.js';
import {t, fmtRp, fmtInt} from '../i18n.js';
import {endpoint, head, tableBlock, fmtBps} from './kit.js';

const CHANNELS = () => ({dine_in: t('ch.dine_in'), takeaway: t('ch.takeaway'), gofood: 'GoFood', grabfood: 'GrabFood',
  shopeefood: 'ShopeeFood', other: t('ch.other')});
const FAMILIES = () => ({cash: t('pay.cash'), qris: 'QRIS', e_wallet: t('pay.e_wallet'), card: t('pay.card'), other: t('pay.other')});

export default {
  async render(el, data) {
    const [ch, pay] = await Promise.all([data.api(endpoint(data, 'channels')), data.api(endpoint(data, 'payments'))]);
    const cn = CHANNELS(), fn = FAMILIES();
    const rows = ch.channels.filter(c => c.tickets || c.net_sales);
    const cols = [
      {key: 'channel', label: t('ch.channel'), fmt: v => cn[v] || v},
      {key: 'tickets', label: t('fig.tickets'), num: true, fmt: fmtInt},
      {key: 'net_sales', label: t('fig.net_sales'), num: true, fmt: fmtRp},
      {key: 'net_share_bps', label: t('dash.share'), num: true, fmt: fmtBps},
      {key: 'platform_cost', label: t('ch.commission'), num: true, fmt: fmtRp},
      {key: 'margin', label: t('items.margin'), num: true, fmt: fmtRp},
      {key: 'margin_bps', label: t('ch.margin_pct'), num: true, fmt: fmtBps},
    ];
    const pCols = [
      {key: 'family', label: t('pay.family'), fmt: v => fn[v] || v},
      {key: 'count', label: t('pay.count'), num: true, fmt: fmtInt},
      {key: 'amount', label: t('pay.amount'), num: true, fmt: fmtRp},
      {key: 'share_bps', label: t('dash.share'), num: true, fmt: fmtBps},
      {key: 'previous_share_bps', label: t('pay.prev_share'), num: true, fmt: fmtBps},
      {key: 'share_change_bps', label: t('pay.change'), num: true, fmt: v => `${v > 0 ? '+' : ''}${fmtBps(v)}`},
    ];
    el.append(head('mix', t('card.mix')),
      h('p', {class: 'muted'}, t('ch.note', {cost: fmtRp(ch.totals.platform_cost ?? 0)})),
      tableBlock('channels', t('ch.title'), cols, rows),
      tableBlock('payments', t('pay.title'), pCols, pay.families));
  },
};
