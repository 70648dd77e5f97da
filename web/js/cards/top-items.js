// Top items by net sales and the movers (largest rise and fall in net sales
// against the previous period of equal length), as tables with export.
import {h} from '../dom.js';
import {t, fmtRp, fmtInt} from '../i18n.js';
import {dashboard, head, tableBlock, fmtRatio} from './kit.js';

export default {
  async render(el, data) {
    const it = (await dashboard(data)).top_items;
    const top = it.items.slice(0, 10);
    const base = [
      {key: 'name', label: t('items.item')},
      {key: 'category', label: t('items.category')},
      {key: 'qty', label: t('items.qty'), num: true, fmt: fmtInt},
      {key: 'net_sales', label: t('fig.net_sales'), num: true, fmt: fmtRp},
    ];
    const cols = [...base,
      {key: 'share', label: t('dash.share'), num: true, fmt: v => fmtRatio(v)},
      {key: 'margin', label: t('items.margin'), num: true, fmt: v => (v === null || v === undefined ? '—' : fmtRp(v))}];
    const change = {key: 'change', label: t('items.change'), num: true, fmt: fmtRp, csv: r => r.trend?.change};
    const moverCols = [...base, {...change, fmt: (v, r) => fmtRp(r.trend?.change ?? 0)}];
    el.append(head('top-items', t('card.top_items')),
      tableBlock('top-items', t('items.top'), cols, top),
      tableBlock('top-movers', t('items.risers'), moverCols, it.top_movers || []),
      tableBlock('bottom-movers', t('items.fallers'), moverCols, it.bottom_movers || []));
  },
};
