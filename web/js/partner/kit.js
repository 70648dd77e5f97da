// Helpers shared by the partner programme pages (partner portal, admin console,
// channel partner): month/day query parameters, one-decimal numbers the
// Indonesian way, verdict and SLA labels, and a card with a CSV button.
import {downloadCsv} from '../csv.js';
import {h, table} from '../dom.js';
import {currentLang, t} from '../i18n.js';

// ?month=YYYY-MM from the address, else the last complete month.
export function monthParam() {
  const q = new URLSearchParams(location.search).get('month');
  if (q && /^\d{4}-(0[1-9]|1[0-2])$/.test(q)) return q;
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

// ?as_of=YYYY-MM-DD from the address, or null (the server's today).
export function asOfParam() {
  const q = new URLSearchParams(location.search).get('as_of');
  return q && /^\d{4}-\d{2}-\d{2}$/.test(q) ? q : null;
}

// 67.74 -> "67,7" (id) / "67.7" (en); null -> "–".
export function fmt1(x) {
  if (x === null || x === undefined) return '–';
  const s = (Math.round(x * 10) / 10).toFixed(1);
  return currentLang() === 'id' ? s.replace('.', ',') : s;
}

export function pct(x) { return x === null || x === undefined ? '–' : `${fmt1(x)}%`; }

// "2026-11" -> "Nov 2026".
export function fmtMonth(ym) {
  const names = currentLang() === 'id'
    ? ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des']
    : ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const [y, m] = ym.split('-').map(Number);
  return `${names[m - 1]} ${y}`;
}

// Every key spelled out so the translation check sees it.
const VERDICTS = {
  met: () => t('prog.verdict_met'), missed: () => t('prog.verdict_missed'),
  on_track: () => t('prog.verdict_on_track'), at_risk: () => t('prog.verdict_at_risk'),
};
export function verdictLabel(v) { return (VERDICTS[v] || (() => v))(); }

// A pilot's overall verdict from its criteria: missed/at risk if any is, met if all are.
export function overallVerdict(criteria) {
  const v = criteria.map(c => c.verdict);
  if (v.includes('missed')) return 'missed';
  if (v.includes('at_risk')) return 'at_risk';
  if (v.length && v.every(x => x === 'met')) return 'met';
  return 'on_track';
}

const METRICS = {
  adoption: () => t('prog.metric_adoption'), satisfaction_mean: () => t('prog.metric_mean'),
  satisfaction_nps: () => t('prog.metric_nps'), retention_lift: () => t('prog.metric_retention'),
  revenue_lift: () => t('prog.metric_revenue'),
};
export function metricLabel(m) { return (METRICS[m] || (() => m))(); }

// A ticket's SLA state: breached, escalated or within.
export function slaState(tk) {
  if (tk.sla.first_response_breached || tk.sla.resolution_breached) return 'breached';
  if (tk.sla.escalate) return 'escalated';
  return 'ok';
}
const SLA = {breached: () => t('support.sla_breached'), escalated: () => t('support.sla_escalated'), ok: () => t('support.sla_ok')};
export function slaLabel(s) { return SLA[s](); }

const PRIORITIES = {low: () => t('support.p_low'), normal: () => t('support.p_normal'), high: () => t('support.p_high'), urgent: () => t('support.p_urgent')};
export function priorityLabel(p) { return (PRIORITIES[p] || (() => p))(); }

// A card: heading, optional CSV of the table, the table itself.
export function tableCard(id, title, cols, rows, csvName) {
  return h('section', {class: 'card', id},
    h('div', {class: 'card-head'},
      h('h2', {}, title),
      csvName ? h('button', {class: 'secondary', type: 'button', onclick: () => downloadCsv(csvName, cols, rows)}, t('csv.export')) : null),
    rows.length ? table(cols, rows, title) : h('p', {class: 'muted'}, t('prog.none')));
}

// A figure tile: label and value, with the raw value for tests and CSV.
export function figure(key, label, value, raw) {
  return h('div', {class: 'figure', dataset: {figure: key, value: String(raw ?? '')}},
    h('div', {class: 'label'}, label), h('div', {class: 'value'}, value));
}

// A month picker that reloads the page with ?month=.
export function monthPicker(month) {
  const input = h('input', {type: 'month', id: 'month', value: month});
  return h('form', {class: 'inline', onsubmit: e => {
    e.preventDefault();
    const u = new URL(location.href);
    u.searchParams.set('month', input.value);
    location.href = u.pathname + u.search;
  }}, h('label', {for: 'month'}, t('prog.month')), input, h('button', {type: 'submit'}, t('prog.show')));
}
