// Sales trend with the forecast: the period's net sales per day, then the
// next days' forecast (damped Holt-Winters, docs/analytics.md 6) with its 80%
// prediction interval drawn as a band; the forecast as a table with export.
import {h} from '../dom.js';
import {t, fmtRp, fmtDate} from '../i18n.js';
import {dashboard, head, tableBlock} from './kit.js';

export default {
  async render(el, data) {
    const fc = (await dashboard(data)).forecast;
    const points = fc.total_net_sales.points;
    const days = data.current.days;
    const cols = [
      {key: 'date', label: t('dash.date'), fmt: fmtDate},
      {key: 'mean', label: t('fc.mean'), num: true, fmt: fmtRp},
      {key: 'lo80', label: t('fc.lo80'), num: true, fmt: fmtRp},
      {key: 'hi80', label: t('fc.hi80'), num: true, fmt: fmtRp},
    ];
    const canvas = h('canvas', {role: 'img', 'aria-label': t('card.forecast')});
    el.append(head('forecast', t('card.forecast')),
      h('p', {class: 'muted'}, t('fc.note', {n: points.length})),
      h('div', {class: 'chart-box'}, canvas),
      tableBlock('forecast', t('fc.table'), cols, points, {folded: true}));
    if (!window.Chart || !points.length) return;
    const style = getComputedStyle(document.documentElement);
    const brand = style.getPropertyValue('--brand').trim();
    const accent = style.getPropertyValue('--accent').trim();
    const pad = n => Array(n).fill(null);
    const labels = [...days.map(d => d.date), ...points.map(p => p.date)].map(fmtDate);
    new window.Chart(canvas, {
      type: 'line',
      data: {labels, datasets: [
        {label: t('dash.this_period'), data: [...days.map(d => d.net_sales), ...pad(points.length)],
          borderColor: brand, pointRadius: 0, tension: 0.2},
        {label: t('fc.hi80'), data: [...pad(days.length), ...points.map(p => p.hi80)],
          borderColor: 'transparent', backgroundColor: 'rgba(0,135,90,0.18)', fill: '+1', pointRadius: 0},
        {label: t('fc.lo80'), data: [...pad(days.length), ...points.map(p => p.lo80)],
          borderColor: 'transparent', pointRadius: 0},
        {label: t('fc.mean'), data: [...pad(days.length), ...points.map(p => p.mean)],
          borderColor: accent, borderDash: [6, 4], pointRadius: 0, tension: 0.2},
      ]},
      options: {responsive: true, maintainAspectRatio: false, animation: false, spanGaps: false,
        scales: {y: {ticks: {callback: v => fmtRp(v)}}},
        plugins: {filler: {propagate: false},
          tooltip: {callbacks: {label: c => `${c.dataset.label}: ${fmtRp(c.parsed.y)}`}}}},
    });
  },
};
