// Basket analysis: the item pairs bought together most above chance (by lift,
// docs/analytics.md 5) and the bundle suggestions, as tables with export.
import {h} from '../dom.js';
import {t, fmtInt} from '../i18n.js';
import {dashboard, head, tableBlock, fmtRatio, fmtDec} from './kit.js';

export default {
  async render(el, data) {
    const b = (await dashboard(data)).top_pairs;
    const pairs = b.pairs.slice(0, 10).map(p => ({a: p.items[0].name, b: p.items[1].name, ...p}));
    const cols = [
      {key: 'a', label: t('basket.a')}, {key: 'b', label: t('basket.b')},
      {key: 'tickets', label: t('fig.tickets'), num: true, fmt: fmtInt},
      {key: 'support', label: t('basket.support'), num: true, fmt: v => fmtRatio(v)},
      {key: 'confidence_a_to_b', label: t('basket.conf_ab'), num: true, fmt: v => fmtRatio(v)},
      {key: 'confidence_b_to_a', label: t('basket.conf_ba'), num: true, fmt: v => fmtRatio(v)},
      {key: 'lift', label: t('basket.lift'), num: true, fmt: v => fmtDec(v)},
    ];
    const bundles = (b.bundles || []).map(x => ({items: x.items.map(i => i.name).join(' + '), tickets: x.tickets, lift: x.lift,
      extra_tickets: x.extra_tickets}));
    const bCols = [
      {key: 'items', label: t('basket.bundle')},
      {key: 'tickets', label: t('fig.tickets'), num: true, fmt: fmtInt},
      {key: 'lift', label: t('basket.lift'), num: true, fmt: v => fmtDec(v)},
      {key: 'extra_tickets', label: t('basket.extra'), num: true, fmt: v => fmtInt(Math.round(v))},
    ];
    el.append(head('basket', t('card.basket')),
      h('p', {class: 'muted'}, t('basket.note', {n: fmtInt(b.tickets), pairs: fmtInt(b.frequent_pairs)})),
      tableBlock('basket-pairs', t('basket.pairs'), cols, pairs),
      h('h3', {}, t('basket.suggestions')),
      bundles.length
        ? h('ul', {class: 'bundles'}, bundles.map(x => h('li', {}, t('basket.suggest', {items: x.items, n: fmtInt(x.tickets), lift: fmtDec(x.lift, 1)}))))
        : h('p', {class: 'muted'}, t('basket.none')),
      tableBlock('bundles', t('basket.bundles'), bCols, bundles, {folded: true}));
  },
};
