// Partner portal: its scorecard for a month, its pilots with their verdicts,
// and its support tickets with their SLA state (and a form to open one).
import {api, ApiError} from '../api.js';
import {h} from '../dom.js';
import {fmtDate, fmtRp, t} from '../i18n.js';
import {asOfParam, figure, fmt1, fmtMonth, metricLabel, monthParam, monthPicker, overallVerdict, pct,
  priorityLabel, slaLabel, slaState, tableCard, verdictLabel} from '../partner/kit.js';

// The scorecard of one partner: figures with their raw values.
export function scorecardFigures(card) {
  const m = card.month;
  return h('div', {class: 'grid pgrid', dataset: {partner: card.partner}},
    figure('revenue', t('score.revenue'), fmtRp(m.revenue), m.revenue),
    figure('revenue_share', t('score.revenue_share'), pct(m.revenue_share_pct), m.revenue_share_pct),
    figure('referrals', t('score.referrals'), String(m.referrals), m.referrals),
    figure('converted', t('score.converted'), String(m.converted), m.converted),
    figure('merchants', t('score.merchants'), String(m.merchants), m.merchants),
    figure('adoption', t('score.adoption'), pct(m.adoption_pct), m.adoption_pct),
    figure('sla', t('score.sla'), pct(m.sla_compliance_pct), m.sla_compliance_pct),
    figure('merchant_nps', t('score.merchant_nps'), fmt1(m.merchant_nps?.nps), m.merchant_nps?.nps),
    figure('partner_nps', t('score.partner_mean'), fmt1(m.partner_nps?.mean_score), m.partner_nps?.mean_score));
}

// Each pilot's verdict and its criteria.
export async function pilotCards(pilots) {
  const asOf = asOfParam();
  const reports = await Promise.all(pilots.map(p => api(`/v1/pilots/${p.id}/report${asOf ? `?as_of=${asOf}` : ''}`)));
  return reports.map(r => {
    const v = overallVerdict(r.criteria);
    const cols = [
      {key: 'metric', label: t('prog.criterion'), fmt: metricLabel},
      {key: 'threshold', label: t('prog.threshold'), num: true, fmt: fmt1},
      {key: 'value', label: t('prog.value'), num: true, fmt: fmt1},
      {key: 'verdict', label: t('prog.verdict'), render: c => h('span', {class: 'verdict', dataset: {verdict: c.verdict}}, verdictLabel(c.verdict))},
    ];
    return h('section', {class: 'card pilot', dataset: {pilot: r.pilot.id, verdict: v}},
      h('div', {class: 'card-head'},
        h('h2', {}, r.pilot.name),
        h('span', {class: `tag ${v === 'met' || v === 'on_track' ? 'good' : 'bad'}`, dataset: {overall: v}}, verdictLabel(v))),
      h('p', {class: 'muted'}, t('prog.pilot_span', {from: fmtDate(r.pilot.start), to: fmtDate(r.pilot.end), asof: fmtDate(r.as_of), n: r.cohort})),
      h('div', {class: 'grid pgrid'},
        figure('adoption', t('score.adoption'), pct(r.adoption_pct), r.adoption_pct),
        figure('nps', t('prog.nps'), fmt1(r.satisfaction.nps), r.satisfaction.nps),
        figure('mean', t('prog.mean'), fmt1(r.satisfaction.mean_score), r.satisfaction.mean_score)),
      tableCard(null, t('prog.criteria'), cols, r.criteria));
  });
}

// Tickets with their SLA state.
export function ticketsCard(data, title) {
  const cols = [
    {key: 'id', label: t('support.id'), num: true},
    {key: 'subject', label: t('support.subject')},
    {key: 'priority', label: t('support.priority'), fmt: priorityLabel},
    {key: 'opened_at', label: t('support.opened'), fmt: v => fmtDate(v.slice(0, 10))},
    {key: 'state', label: t('support.state'), csv: tk => tk.resolved_at ? 'resolved' : 'open', render: tk => tk.resolved_at ? t('support.resolved') : t('support.open')},
    {key: 'sla', label: t('support.sla'), csv: tk => slaState(tk), render: tk => {
      const s = slaState(tk);
      return h('span', {class: `tag ${s === 'ok' ? 'good' : 'bad'}`, dataset: {sla: s}}, slaLabel(s));
    }},
  ];
  return h('div', {},
    h('section', {class: 'card'},
      h('div', {class: 'grid pgrid'},
        figure('tickets', t('support.total'), String(data.total), data.total),
        figure('breached', t('support.breached'), String(data.breached), data.breached),
        figure('escalations', t('support.escalations'), String(data.escalations), data.escalations))),
    tableCard('tickets', title, cols, data.tickets, 'tickets.csv'));
}

export default {
  title: 'portal.title',
  async render(main, ctx) {
    const month = monthParam();
    const [sc, pilots, tickets, merchants] = await Promise.all([api(`/v1/scorecards?month=${month}`),
      api('/v1/pilots'), api(`/v1/support-tickets?month=${month}`), api('/v1/merchants')]);
    const card = sc.scorecards.find(c => c.partner === ctx.user.partner);
    const msg = h('p', {id: 'ticket-msg', role: 'status', 'aria-live': 'polite'});
    const subject = h('input', {type: 'text', id: 'ticket-subject', required: true, maxlength: '200'});
    const priority = h('select', {id: 'ticket-priority'},
      ['low', 'normal', 'high', 'urgent'].map(p => h('option', {value: p, selected: p === 'normal'}, priorityLabel(p))));
    const merchant = h('select', {id: 'ticket-merchant'}, merchants.merchants.map(m => h('option', {value: m.id}, m.name)));
    const form = h('form', {class: 'stack', id: 'ticket-form', onsubmit: async e => {
      e.preventDefault();
      try {
        const r = await api('/v1/support-tickets', {method: 'POST', body: {subject: subject.value, priority: priority.value, merchant_id: Number(merchant.value)}});
        msg.className = 'ok';
        msg.textContent = t('support.opened_msg', {id: r.id ?? r.ticket?.id ?? ''});
        subject.value = '';
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        msg.className = 'error';
        msg.textContent = t('support.failed');
      }
    }},
    h('div', {}, h('label', {for: 'ticket-subject'}, t('support.subject')), subject),
    h('div', {}, h('label', {for: 'ticket-priority'}, t('support.priority')), priority),
    h('div', {}, h('label', {for: 'ticket-merchant'}, t('channel.merchant')), merchant),
    h('button', {type: 'submit'}, t('support.open_ticket')));
    main.append(h('h1', {}, t('portal.title')), monthPicker(month),
      h('section', {class: 'card', id: 'scorecard'},
        h('h2', {}, t('score.title', {month: fmtMonth(month)})),
        card ? scorecardFigures(card) : h('p', {class: 'muted'}, t('prog.none'))),
      h('h2', {}, t('prog.pilots')),
      ...(pilots.pilots.length ? await pilotCards(pilots.pilots) : [h('p', {class: 'muted'}, t('prog.none'))]),
      h('h2', {}, t('support.title')),
      h('section', {class: 'card'}, h('h2', {}, t('support.new')), form, msg),
      ticketsCard(tickets, t('support.tickets')));
  },
};
