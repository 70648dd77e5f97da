// Partner portal: revenue-share statements (each downloadable as CSV with its
// lines), white-label invoices, referral codes and commissions.
import {api} from '../api.js';
import {downloadCsv} from '../csv.js';
import {h} from '../dom.js';
import {fmtRp, t} from '../i18n.js';
import {figure, fmtMonth, tableCard} from '../partner/kit.js';

export default {
  title: 'finance.title',
  async render(main, ctx) {
    const pid = ctx.user.partner_id;
    const [st, inv, ref] = await Promise.all([api(`/v1/partners/${pid}/statements`),
      api(`/v1/partners/${pid}/invoices`), api(`/v1/partners/${pid}/referrals`)]);
    const lineCols = [
      {key: 'merchant', label: t('merchants.name')},
      {key: 'days_active', label: t('finance.days'), num: true},
      {key: 'gross', label: t('finance.gross'), num: true},
      {key: 'partner_share', label: t('finance.partner_share'), num: true},
      {key: 'clario_share', label: t('finance.clario_share'), num: true},
    ];
    const download = async s => {
      const full = await api(`/v1/partners/${pid}/statements/${s.id}`);
      downloadCsv(`statement-${s.month}.csv`, lineCols, full.lines);
    };
    const stCols = [
      {key: 'month', label: t('prog.month'), fmt: fmtMonth},
      {key: 'kind', label: t('finance.kind'), fmt: k => k === 'revshare' ? t('finance.revshare') : t('finance.commission')},
      {key: 'gross', label: t('finance.gross'), num: true, render: s => h('span', {dataset: {figure: 'gross', value: s.gross}}, fmtRp(s.gross))},
      {key: 'partner_share', label: t('finance.partner_share'), num: true, render: s => h('span', {dataset: {figure: 'partner_share', value: s.partner_share}}, fmtRp(s.partner_share))},
      {key: 'clario_share', label: t('finance.clario_share'), num: true, render: s => h('span', {dataset: {figure: 'clario_share', value: s.clario_share}}, fmtRp(s.clario_share))},
      {key: 'id', label: t('finance.download'), csv: s => s.id,
        render: s => h('button', {type: 'button', class: 'secondary', dataset: {statement: s.id},
          'aria-label': t('finance.download_for', {month: fmtMonth(s.month)}), onclick: () => download(s)}, t('finance.csv'))},
    ];
    const invCols = [
      {key: 'number', label: t('finance.number')},
      {key: 'month', label: t('prog.month'), fmt: fmtMonth},
      {key: 'note', label: t('finance.note')},
      {key: 'subtotal', label: t('finance.subtotal'), num: true, fmt: fmtRp},
      {key: 'ppn', label: t('finance.ppn'), num: true, fmt: fmtRp},
      {key: 'total', label: t('finance.total'), num: true, fmt: fmtRp},
    ];
    main.append(h('h1', {}, t('finance.title')),
      tableCard('statements', t('finance.statements'), stCols, [...st.statements].reverse(), 'statements.csv'),
      tableCard('invoices', t('finance.invoices'), invCols, inv.invoices, 'invoices.csv'),
      referralsCard(ref));
  },
};

// Codes, referred merchants, conversions, commissions and payouts (also the channel partner's page).
export function referralsCard(ref) {
  const comCols = [
    {key: 'merchant_id', label: t('channel.merchant'), num: true},
    {key: 'month', label: t('prog.month'), fmt: fmtMonth},
    {key: 'kind', label: t('finance.kind'), fmt: k => k === 'accrual' ? t('channel.accrual') : t('channel.clawback')},
    {key: 'amount', label: t('channel.amount'), num: true, fmt: fmtRp},
  ];
  const payCols = [
    {key: 'id', label: t('channel.payout'), num: true},
    {key: 'amount', label: t('channel.amount'), num: true, fmt: fmtRp},
    {key: 'status', label: t('channel.status'), fmt: v => ({pending: t('channel.pending'), paid: t('channel.paid'), failed: t('channel.failed')})[v] || v},
  ];
  const refCols = [
    {key: 'merchant_id', label: t('channel.merchant'), num: true},
    {key: 'via', label: t('channel.via')},
    {key: 'conversion_month', label: t('channel.converted_in'), fmt: m => m ? fmtMonth(m) : t('channel.not_yet')},
  ];
  return h('div', {id: 'referrals'},
    h('section', {class: 'card'},
      h('h2', {}, t('channel.code')),
      ref.codes.length ? h('ul', {}, ref.codes.map(c => h('li', {}, h('strong', {class: 'code'}, c.code), ' — ', h('span', {class: 'link-break'}, c.link))))
        : h('p', {class: 'muted'}, t('prog.none')),
      h('div', {class: 'grid pgrid'},
        figure('referred', t('channel.referred'), String(ref.referred), ref.referred),
        figure('converted', t('channel.converted'), String(ref.converted), ref.converted),
        figure('balance', t('channel.balance'), fmtRp(ref.balance), ref.balance),
        figure('threshold', t('channel.threshold'), fmtRp(ref.payout_threshold), ref.payout_threshold))),
    tableCard('referred', t('channel.referred_list'), refCols, ref.attributions, 'referrals.csv'),
    tableCard('commissions', t('channel.commissions'), comCols, ref.commissions, 'commissions.csv'),
    tableCard('payouts', t('channel.payouts'), payCols, ref.payouts, 'payouts.csv'));
}
