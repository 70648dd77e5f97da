// Admin console: the partnerships view for a month — concentration risk and
// targets, scorecards of every partner, pilots, survey results (NPS) and the
// support queue with SLA breaches and escalations.
import {api} from '../api.js';
import {h} from '../dom.js';
import {fmtRp, t} from '../i18n.js';
import {figure, fmt1, fmtMonth, monthParam, monthPicker, pct, tableCard} from '../partner/kit.js';
import {pilotCards, scorecardFigures, ticketsCard} from './programme.js';

const LEVELS = {ok: () => t('risk.ok'), warning: () => t('risk.warning'), breach: () => t('risk.breach')};

function yearStart(month) { return `${month.slice(0, 4)}-01`; }

export default {
  title: 'console.title',
  async render(main) {
    const month = monthParam();
    const [risk, sc, pilots, surveys, tickets] = await Promise.all([api(`/v1/risk?month=${month}`),
      api(`/v1/scorecards?month=${month}`), api('/v1/pilots'),
      api(`/v1/surveys/results?from=${yearStart(month)}&to=${month}`), api(`/v1/support-tickets?month=${month}`)]);
    const hot = risk.partners.filter(p => p.level !== 'ok');
    const riskCols = [
      {key: 'partner', label: t('contracts.partner')},
      {key: 'revenue', label: t('score.revenue'), num: true, fmt: fmtRp},
      {key: 'share_pct', label: t('score.revenue_share'), num: true, fmt: pct},
      {key: 'level', label: t('risk.level'), render: p => h('span', {class: `tag ${p.level === 'ok' ? 'good' : 'bad'}`, dataset: {level: p.level}}, LEVELS[p.level]())},
      {key: 'months_above_warning', label: t('risk.months_above'), num: true},
    ];
    const tg = risk.targets;
    const npsCols = [
      {key: 'partner', label: t('contracts.partner')},
      {key: 'nps', label: t('prog.nps'), num: true, fmt: fmt1},
      {key: 'mean_score', label: t('prog.mean'), num: true, fmt: fmt1},
      {key: 'answers', label: t('surveys.answers'), num: true},
      {key: 'response_rate_pct', label: t('surveys.rate'), num: true, fmt: pct},
    ];
    const o = surveys.overall;
    main.append(h('h1', {}, t('console.title')), monthPicker(month),
      hot.length ? h('section', {class: 'card banner-warn', role: 'alert', id: 'concentration'},
        h('h2', {}, t('risk.warning_title')),
        hot.map(p => {
          const v = {partner: p.partner, share: pct(p.share_pct), n: p.months_above_warning};
          return h('p', {dataset: {partner: p.partner, level: p.level}}, p.level === 'breach'
            ? t('risk.breach_line', {...v, limit: pct(risk.limit_pct)}) : t('risk.warning_line', {...v, limit: pct(risk.warn_pct)}));
        })) : null,
      h('section', {class: 'card', id: 'targets'},
        h('h2', {}, t('risk.targets', {month: fmtMonth(month)})),
        h('div', {class: 'grid pgrid'},
          figure('active_partnerships', t('risk.active_partnerships'), `${tg.active_partnerships.value} / ${tg.active_partnerships.min}–${tg.active_partnerships.max}`, tg.active_partnerships.value),
          figure('partner_revenue', t('risk.partner_revenue'), fmtRp(tg.partner_revenue.value), tg.partner_revenue.value),
          figure('partner_target', t('risk.partner_target'), `${pct(tg.partner_revenue.progress_pct)} / ${fmtRp(tg.partner_revenue.target)}`, tg.partner_revenue.progress_pct),
          figure('total_revenue', t('risk.total_revenue'), `${fmtRp(tg.total_revenue.value)} (${pct(tg.total_revenue.progress_pct)})`, tg.total_revenue.value))),
      tableCard('risk', t('risk.title'), riskCols, risk.partners, `risk-${month}.csv`),
      h('h2', {}, t('console.scorecards')),
      ...sc.scorecards.map(c => h('section', {class: 'card scorecard', dataset: {partner: c.partner}}, h('h2', {}, c.month.name || c.partner), scorecardFigures(c))),
      h('section', {class: 'card', id: 'surveys'},
        h('h2', {}, t('surveys.title', {from: fmtMonth(yearStart(month)), to: fmtMonth(month)})),
        h('div', {class: 'grid pgrid'},
          figure('nps', t('prog.nps'), fmt1(o.nps), o.nps),
          figure('mean', t('prog.mean'), fmt1(o.mean_score), o.mean_score),
          figure('answers', t('surveys.answers'), String(o.answers), o.answers),
          figure('rate', t('surveys.rate'), pct(o.response_rate_pct), o.response_rate_pct))),
      tableCard('nps-by-partner', t('surveys.by_partner'), npsCols, surveys.by_partner, 'nps.csv'),
      h('h2', {}, t('prog.pilots')),
      ...(pilots.pilots.length ? await pilotCards(pilots.pilots) : [h('p', {class: 'muted'}, t('prog.none'))]),
      h('h2', {}, t('support.queue')),
      ticketsCard(tickets, t('support.tickets')));
  },
};
