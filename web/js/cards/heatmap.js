// Hour x weekday heatmap: average net sales per hour of each weekday (per
// occurrence of that weekday in the period), shaded by value, and the
// dayparts' sales; both as tables with export.
import {h} from '../dom.js';
import {t, fmtRp, fmtInt} from '../i18n.js';
import {dashboard, head, tableBlock, exports, fmtRatio} from './kit.js';

const DAYS = () => ({monday: t('wd.mon'), tuesday: t('wd.tue'), wednesday: t('wd.wed'), thursday: t('wd.thu'),
  friday: t('wd.fri'), saturday: t('wd.sat'), sunday: t('wd.sun')});
const PARTS = () => ({breakfast: t('dp.breakfast'), lunch: t('dp.lunch'), afternoon: t('dp.afternoon'),
  dinner: t('dp.dinner'), late_night: t('dp.late_night')});

export default {
  async render(el, data) {
    const hm = (await dashboard(data)).heatmap;
    const names = DAYS();
    const max = Math.max(1, ...hm.weekdays.flatMap(w => w.avg_net_sales));
    const hours = [...Array(24).keys()];
    const grid = h('div', {class: 'table-wrap'}, h('table', {class: 'heat'},
      h('caption', {class: 'sr-only'}, t('heat.caption')),
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, t('heat.day')), hours.map(x => h('th', {scope: 'col', class: 'num'}, String(x))))),
      h('tbody', {}, hm.weekdays.map(w => h('tr', {},
        h('th', {scope: 'row'}, names[w.weekday] || w.weekday),
        w.avg_net_sales.map((v, i) => {
          const td = h('td', {class: 'num', title: `${names[w.weekday]} ${i}:00 — ${fmtRp(v)}`}, fmtInt(Math.round(v / 1000)));
          // Shade by share of the busiest cell; element.style is allowed by the CSP.
          const a = Math.max(0, v) / max;
          td.style.backgroundColor = `rgba(11,95,255,${(a * 0.85).toFixed(3)})`;
          if (a > 0.5) td.style.color = '#fff';
          return td;
        }))))));
    const rows = hm.weekdays.flatMap(w => w.avg_net_sales.map((v, i) => ({weekday: w.weekday, hour: i, avg_net_sales: v, avg_tickets: w.avg_tickets[i]})));
    const cellCols = [
      {key: 'weekday', label: t('heat.day')}, {key: 'hour', label: t('heat.hour')},
      {key: 'avg_net_sales', label: t('heat.avg_net')}, {key: 'avg_tickets', label: t('heat.avg_tickets')},
    ];
    const parts = PARTS();
    const dpCols = [
      {key: 'name', label: t('heat.daypart'), fmt: v => parts[v] || v},
      {key: 'start', label: t('heat.hours'), fmt: (v, r) => `${String(r.start).padStart(2, '0')}:00–${String(r.end).padStart(2, '0')}:00`},
      {key: 'net_sales', label: t('fig.net_sales'), num: true, fmt: fmtRp},
      {key: 'tickets', label: t('fig.tickets'), num: true, fmt: fmtInt},
      {key: 'share', label: t('dash.share'), num: true, fmt: v => fmtRatio(v)},
      {key: 'average_ticket', label: t('fig.average_ticket'), num: true, fmt: fmtRp},
    ];
    el.append(head('heatmap', t('card.heatmap')),
      h('div', {class: 'card-head'}, h('p', {class: 'muted'}, t('heat.note')), exports('heatmap', cellCols, rows)),
      grid,
      tableBlock('dayparts', t('heat.dayparts'), dpCols, hm.dayparts || []));
  },
};
