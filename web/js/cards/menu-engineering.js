// Menu engineering (Kasavana & Smith): each item by popularity (menu mix %)
// and contribution margin, as a Chart.js scatter split at the two thresholds,
// the count and the action for each class, and the items as a table.
import {h} from '../dom.js';
import {t, fmtRp, fmtInt} from '../i18n.js';
import {dashboard, head, tableBlock, fmtDec} from './kit.js';

const CLASSES = ['star', 'plowhorse', 'puzzle', 'dog'];
const COLOURS = {star: '#006b3c', plowhorse: '#0b5fff', puzzle: '#b35c00', dog: '#b00020'};
const NAMES = () => ({star: t('menu.star'), plowhorse: t('menu.plowhorse'), puzzle: t('menu.puzzle'), dog: t('menu.dog'), no_cost: t('menu.no_cost')});
const ACTIONS = () => ({star: t('menu.act_star'), plowhorse: t('menu.act_plowhorse'), puzzle: t('menu.act_puzzle'),
  dog: t('menu.act_dog'), no_cost: t('menu.act_no_cost')});

export default {
  async render(el, data) {
    const me = (await dashboard(data)).menu_engineering;
    const g = me.groups[0];
    const names = NAMES(), actions = ACTIONS();
    el.append(head('menu-engineering', t('card.menu')));
    if (!g || !g.items.length) { el.append(h('p', {class: 'muted'}, t('dash.no_data'))); return; }
    const classes = h('div', {class: 'grid'}, [...CLASSES, 'no_cost'].filter(c => c !== 'no_cost' || g.counts.no_cost)
      .map(c => h('div', {class: 'figure', dataset: {class: c, count: String(g.counts[c])}},
        h('div', {class: 'label'}, names[c]),
        h('div', {class: 'value'}, fmtInt(g.counts[c])),
        h('p', {class: 'action'}, actions[c]))));
    const canvas = h('canvas', {role: 'img', 'aria-label': t('menu.chart')});
    const cols = [
      {key: 'name', label: t('items.item')},
      {key: 'class', label: t('menu.class'), fmt: v => names[v] || v},
      {key: 'qty', label: t('items.qty'), num: true, fmt: fmtInt},
      {key: 'menu_mix_pct', label: t('menu.mix'), num: true, fmt: v => `${fmtDec(v, 1)}%`},
      {key: 'cm', label: t('menu.cm'), num: true, fmt: v => (v === null || v === undefined ? '—' : fmtRp(v))},
      {key: 'action', label: t('menu.action'), fmt: (v, r) => actions[r.class] || '', csv: r => actions[r.class] || ''},
    ];
    el.append(
      h('p', {class: 'muted'}, t('menu.note', {pct: fmtDec(g.popularity_threshold_pct, 1), cm: fmtRp(Math.round(g.weighted_avg_cm))})),
      classes, h('div', {class: 'chart-box'}, canvas),
      tableBlock('menu-engineering', t('menu.table'), cols, g.items, {folded: true}));
    if (!window.Chart) return;
    const costed = g.items.filter(i => CLASSES.includes(i.class));
    const xs = costed.map(i => i.menu_mix_pct), ys = costed.map(i => i.cm);
    const line = (pts, label) => ({type: 'line', label, data: pts, borderColor: '#8a93a0', borderDash: [4, 4],
      pointRadius: 0, showLine: true, fill: false});
    new window.Chart(canvas, {
      type: 'scatter',
      data: {datasets: [
        ...CLASSES.map(c => ({label: names[c], backgroundColor: COLOURS[c], pointRadius: 5,
          data: costed.filter(i => i.class === c).map(i => ({x: i.menu_mix_pct, y: i.cm, name: i.name}))})),
        line([{x: g.popularity_threshold_pct, y: Math.min(...ys)}, {x: g.popularity_threshold_pct, y: Math.max(...ys)}], t('menu.pop_line')),
        line([{x: Math.min(...xs), y: g.weighted_avg_cm}, {x: Math.max(...xs), y: g.weighted_avg_cm}], t('menu.cm_line')),
      ]},
      options: {responsive: true, maintainAspectRatio: false, animation: false,
        scales: {x: {title: {display: true, text: t('menu.mix')}}, y: {title: {display: true, text: t('menu.cm')}, ticks: {callback: v => fmtRp(v)}}},
        plugins: {tooltip: {callbacks: {label: c => `${c.raw.name || c.dataset.label}: ${fmtDec(c.parsed.x, 1)}%, ${fmtRp(c.parsed.y)}`}}}},
    });
  },
};
