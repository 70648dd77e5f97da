// Sales trend card: net sales per day, with the comparison period's days laid
// over it by position, as a Chart.js line chart and a table with CSV export.
import {downloadCsv} from '../csv.js';
import {h, table} from '../dom.js';
import {t, fmtRp, fmtInt, fmtDate} from '../i18n.js';

export default {
  render(el, {current, previous}) {
    const days = current.days;
    const canvas = h('canvas', {role: 'img', 'aria-label': t('card.trend')});
    const cols = [
      {key: 'date', label: t('dash.date'), fmt: fmtDate},
      {key: 'net_sales', label: t('fig.net_sales'), num: true, fmt: fmtRp},
      {key: 'tickets', label: t('fig.tickets'), num: true, fmt: fmtInt},
      {key: 'average_ticket', label: t('fig.average_ticket'), num: true, fmt: fmtRp},
    ];
    el.append(
      h('div', {class: 'card-head'},
        h('h2', {id: 'card-trend-title'}, t('card.trend')),
        h('button', {class: 'secondary', type: 'button', onclick: () => downloadCsv('daily-sales.csv', cols, days)}, t('csv.export'))),
      h('div', {class: 'chart-box'}, canvas),
      h('details', {}, h('summary', {}, t('dash.as_table')), table(cols, days, t('card.trend'))));
    if (!window.Chart) return; // the table still carries the figures
    const style = getComputedStyle(document.documentElement);
    const datasets = [{label: t('dash.this_period'), data: days.map(d => d.net_sales),
      borderColor: style.getPropertyValue('--brand').trim(), tension: 0.2, pointRadius: 0}];
    if (previous) datasets.push({label: t('dash.comparison'), data: previous.days.map(d => d.net_sales),
      borderColor: '#8a93a0', borderDash: [6, 4], tension: 0.2, pointRadius: 0});
    new window.Chart(canvas, {
      type: 'line',
      data: {labels: days.map(d => fmtDate(d.date)), datasets},
      options: {responsive: true, maintainAspectRatio: false, animation: false,
        scales: {y: {ticks: {callback: v => fmtRp(v)}}},
        plugins: {tooltip: {callbacks: {label: c => `${c.dataset.label}: ${fmtRp(c.parsed.y)}`}}}},
    });
  },
};
