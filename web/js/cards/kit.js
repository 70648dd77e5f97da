// Shared parts of the analysis cards: the API query for the dashboard's
// period and outlet, the one /dashboard call (memoised per load, since six
// cards read parts of it), and a card heading with CSV and XLSX export.
import {downloadCsv} from '../csv.js';
import {h, table} from '../dom.js';
import {t} from '../i18n.js';
import {downloadXlsx} from '../xlsx.js';

export function query(data, extra = '') {
  const o = data.outletId ? `&outlet=${data.outletId}` : '';
  return `from=${data.period.from}&to=${data.period.to}${o}${extra}`;
}

export function endpoint(data, what, extra) {
  return `/v1/merchants/${data.merchant.id}/${what}?${query(data, extra)}`;
}

const memo = new WeakMap();
// The analyses 1-7 for the period, in one call (cached by the server).
export function dashboard(data) {
  if (!memo.has(data)) memo.set(data, data.api(endpoint(data, 'dashboard')));
  return memo.get(data);
}

// Export buttons for one table: CSV and XLSX of the raw values.
export function exports(name, cols, rows) {
  return h('span', {class: 'exports'},
    h('button', {class: 'secondary', type: 'button', dataset: {export: `${name}.csv`},
      'aria-label': `${t('csv.export')}: ${name}`, onclick: () => downloadCsv(`${name}.csv`, cols, rows)}, 'CSV'),
    h('button', {class: 'secondary', type: 'button', dataset: {export: `${name}.xlsx`},
      'aria-label': `${t('xlsx.export')}: ${name}`, onclick: () => downloadXlsx(`${name}.xlsx`, cols, rows, name)}, 'XLSX'));
}

export function head(id, title) {
  return h('div', {class: 'card-head'}, h('h2', {id: `card-${id}-title`}, title));
}

// A titled table with its export buttons; folded (behind "show as a table")
// when the card already shows the same figures as a chart or a list.
export function tableBlock(name, title, cols, rows, {folded = false} = {}) {
  const body = rows.length ? table(cols, rows, title) : h('p', {class: 'muted'}, t('dash.no_data'));
  return h('div', {class: 'block', dataset: {table: name}},
    h('div', {class: 'card-head'}, h('h3', {}, title), exports(name, cols, rows)),
    folded && rows.length ? h('details', {}, h('summary', {}, t('dash.as_table')), body) : body);
}

// Basis points as a percentage with one decimal, the Indonesian way (12,5%).
export function fmtBps(bps) {
  return fmtRatio(bps / 10000);
}

export function fmtRatio(x, digits = 1) {
  const s = (Math.round(x * 100 * 10 ** digits) / 10 ** digits).toFixed(digits);
  return (document.documentElement.lang === 'id' ? s.replace('.', ',') : s) + '%';
}

export function fmtDec(x, digits = 2) {
  const s = x.toFixed(digits);
  return document.documentElement.lang === 'id' ? s.replace('.', ',') : s;
}
