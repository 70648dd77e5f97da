// Partner portal: its merchants with the add-on's status (subscription) and
// adoption (programme), and the switch that turns the add-on on or off.
import {api, ApiError} from '../api.js';
import {downloadCsv} from '../csv.js';
import {clear, h, table} from '../dom.js';
import {fmtDate, fmtRp, t} from '../i18n.js';
import {figure, pct} from '../partner/kit.js';

async function draw(main, ctx, message) {
  const pid = ctx.user.partner_id;
  const data = await api(`/v1/partners/${pid}/addon`);
  clear(main);
  const msg = h('p', {id: 'addon-msg', role: 'status', 'aria-live': 'polite', class: message?.bad ? 'error' : 'ok'}, message?.text || '');
  const toggle = async (m, on) => {
    try {
      await api(`/v1/partners/${pid}/merchants/${m.merchant_id}/addon`, {method: 'POST', body: {active: on}});
      await draw(main, ctx, {text: on ? t('addon.done_on', {name: m.name}) : t('addon.done_off', {name: m.name})});
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      await draw(main, ctx, {bad: true, text: e.status === 409 ? t('addon.no_contract') : t('addon.failed')});
    }
  };
  const cols = [
    {key: 'name', label: t('merchants.name')},
    {key: 'addon_active', label: t('addon.status'), csv: m => m.addon_active ? 'active' : 'inactive',
      render: m => h('span', {class: m.addon_active ? 'tag good' : 'tag', dataset: {status: m.addon_active ? 'on' : 'off'}},
        m.addon_active ? t('addon.on') : t('addon.off'))},
    {key: 'since', label: t('addon.since'), csv: m => m.subscription?.start || '',
      render: m => m.subscription ? fmtDate(m.subscription.start) + (m.subscription.end ? ` – ${fmtDate(m.subscription.end)}` : '') : '–'},
    {key: 'price', label: t('addon.price'), num: true, csv: m => m.subscription?.price ?? '',
      render: m => m.subscription ? fmtRp(m.subscription.price) : '–'},
    {key: 'adopting', label: t('addon.adopting'), csv: m => m.adopting ? 'yes' : 'no', render: m => m.adopting ? t('prog.yes') : t('prog.no')},
    {key: 'action', label: t('addon.action'), csv: () => '',
      render: m => h('button', {type: 'button', class: m.addon_active ? 'secondary' : null, dataset: {merchant: m.merchant_id},
        'aria-label': m.addon_active ? t('addon.deactivate_for', {name: m.name}) : t('addon.activate_for', {name: m.name}),
        onclick: () => toggle(m, !m.addon_active)}, m.addon_active ? t('addon.deactivate') : t('addon.activate'))},
  ];
  main.append(h('h1', {}, t('addon.title')),
    h('section', {class: 'card'},
      h('div', {class: 'grid pgrid'},
        figure('merchants', t('addon.merchants'), String(data.count), data.count),
        figure('addon_active', t('addon.active_count'), String(data.addon_active), data.addon_active),
        figure('adoption', t('addon.adoption'), pct(data.adoption_pct), data.adoption_pct)),
      h('p', {class: 'muted'}, t('addon.adoption_rule', {date: fmtDate(data.as_of)}))),
    msg,
    h('section', {class: 'card', id: 'addon-table'},
      h('div', {class: 'card-head'},
        h('h2', {}, t('addon.list')),
        h('button', {class: 'secondary', type: 'button', onclick: () => downloadCsv('addon.csv', cols, data.merchants)}, t('csv.export'))),
      table(cols, data.merchants, t('addon.list'))));
}

export default {
  title: 'addon.title',
  async render(main, ctx) { await draw(main, ctx); },
};
