// Summary card: the period's headline figures, each with its change against
// the comparison period, and the same as a table with CSV export.
import {downloadCsv} from '../csv.js';
import {h, table} from '../dom.js';
import {t, fmtRp, fmtInt, fmtPct, fmtDate} from '../i18n.js';

const FIGURES = [
  {key: 'net_sales', money: true},
  {key: 'gross_sales', money: true},
  {key: 'tickets'},
  {key: 'average_ticket', money: true},
  {key: 'discounts', money: true},
  {key: 'refunds', money: true},
  {key: 'covers'},
  {key: 'tax', money: true},
];

export default {
  render(el, {current, previous, period, comparison}) {
    const cur = current.totals, prev = previous?.totals;
    const fmt = f => v => (f.money ? fmtRp(v) : fmtInt(v));
    const tiles = FIGURES.map(f => {
      const v = cur[f.key];
      let delta = null;
      if (prev && prev[f.key] > 0) {
        const r = (v - prev[f.key]) / prev[f.key];
        delta = h('div', {class: `delta ${r >= 0 ? 'up' : 'down'}`}, t('dash.vs', {pct: fmtPct(r)}));
      }
      return h('div', {class: 'figure', dataset: {figure: f.key, value: String(v)}},
        h('div', {class: 'label'}, t(`fig.${f.key}`)),
        h('div', {class: 'value'}, fmt(f)(v)), delta);
    });
    const rows = FIGURES.map(f => ({figure: t(`fig.${f.key}`), current: cur[f.key], previous: prev ? prev[f.key] : null, f}));
    const cols = [
      {key: 'figure', label: t('dash.figure')},
      {key: 'current', label: `${fmtDate(period.from)} – ${fmtDate(period.to)}`, num: true, fmt: (v, r) => fmt(r.f)(v)},
    ];
    if (prev) cols.push({key: 'previous', label: `${fmtDate(comparison.from)} – ${fmtDate(comparison.to)}`, num: true, fmt: (v, r) => fmt(r.f)(v)});
    el.append(
      h('div', {class: 'card-head'},
        h('h2', {id: 'card-summary-title'}, t('card.summary')),
        h('button', {class: 'secondary', type: 'button', onclick: () => downloadCsv('summary.csv', cols, rows)}, t('csv.export'))),
      h('div', {class: 'grid'}, tiles),
      h('details', {}, h('summary', {}, t('dash.as_table')), table(cols, rows, t('card.summary'))));
  },
};
