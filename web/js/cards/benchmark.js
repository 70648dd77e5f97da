// Peer benchmark: the merchant's own figures against similar merchants'
// quartiles and its percentile (docs/analytics-mix.md 12). Only aggregates of
// a cohort of at least 5 ever arrive; a smaller cohort says so.
import {h} from '../dom.js';
import {t, fmtRp, fmtInt} from '../i18n.js';
import {endpoint, head, tableBlock, fmtBps} from './kit.js';

const METRICS = () => ({average_ticket: t('peer.average_ticket'), sales_growth_bps: t('peer.sales_growth'),
  discount_rate_bps: t('peer.discount_rate'), void_rate_bps: t('peer.void_rate'), delivery_share_bps: t('peer.delivery_share')});

export default {
  async render(el, data) {
    // Peers compare whole merchants: an outlet picked above does not apply here.
    const p = await data.api(endpoint({...data, outletId: null}, 'peers'));
    el.append(head('benchmark', t('card.benchmark')));
    if (data.outletId) el.append(h('p', {class: 'muted'}, t('peer.whole')));
    if (!p.available) {
      el.append(h('p', {class: 'muted too-small'}, t('peer.too_small', {min: fmtInt(p.minimum_cohort ?? 5)})));
      return;
    }
    const names = METRICS();
    const fmt = r => v => (v === null || v === undefined ? '—' : r.metric === 'average_ticket' ? fmtRp(v) : fmtBps(v));
    const rows = p.metrics.map(m => ({...m, name: names[m.metric] || m.metric}));
    const cols = [
      {key: 'name', label: t('peer.metric')},
      {key: 'value', label: t('peer.you'), num: true, fmt: (v, r) => fmt(r)(v)},
      {key: 'percentile', label: t('peer.percentile'), num: true, fmt: (v, r) => (r.shown ? fmtInt(v) : t('peer.hidden'))},
      {key: 'q1', label: 'Q1', num: true, fmt: (v, r) => fmt(r)(v)},
      {key: 'median', label: t('peer.median'), num: true, fmt: (v, r) => fmt(r)(v)},
      {key: 'q3', label: 'Q3', num: true, fmt: (v, r) => fmt(r)(v)},
    ];
    el.append(h('p', {class: 'muted'}, t('peer.note', {n: fmtInt(p.cohort_size)})),
      tableBlock('peers', t('card.benchmark'), cols, rows));
  },
};
