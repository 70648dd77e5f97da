// Admin console: partners and their versioned contracts, and a form that adds
// the next version (nothing is ever overwritten: docs/billing.md).
import {api, ApiError} from '../api.js';
import {clear, h} from '../dom.js';
import {fmtDate, fmtRp, t} from '../i18n.js';
import {tableCard} from '../partner/kit.js';

const MODELS = {reseller: () => t('contracts.reseller'), cosell: () => t('contracts.cosell'),
  whitelabel: () => t('contracts.whitelabel'), channel: () => t('contracts.channel')};

function terms(c) {
  if (c.model === 'reseller') return t('contracts.terms_reseller', {price: fmtRp(c.addon_price), p: c.partner_bps / 100, c: 100 - c.partner_bps / 100});
  if (c.model === 'channel') return t('contracts.terms_channel', {bps: c.commission_bps / 100, months: c.commission_months});
  if (c.model === 'whitelabel') return t('contracts.terms_whitelabel', {fee: fmtRp(c.hosting_fee ?? 0)});
  return '–';
}

async function drawContracts(box, partner) {
  const {contracts} = await api(`/v1/partners/${partner.id}/contracts`);
  clear(box);
  const cols = [
    {key: 'version', label: t('contracts.version'), num: true},
    {key: 'model', label: t('contracts.model'), fmt: m => (MODELS[m] || (() => m))()},
    {key: 'effective_from', label: t('contracts.effective'), fmt: fmtDate},
    {key: 'start', label: t('contracts.start'), fmt: fmtDate},
    {key: 'end', label: t('contracts.end'), fmt: d => d ? fmtDate(d) : t('contracts.open_ended')},
    {key: 'terms', label: t('contracts.terms'), csv: c => JSON.stringify(c), render: terms},
  ];
  const msg = h('p', {id: 'contract-msg', role: 'status', 'aria-live': 'polite'});
  const model = h('select', {id: 'c-model'}, Object.keys(MODELS).map(m => h('option', {value: m, selected: m === (contracts.at(-1)?.model || 'reseller')}, MODELS[m]())));
  const effective = h('input', {type: 'date', id: 'c-effective', required: true});
  const bps = h('input', {type: 'number', id: 'c-bps', min: '0', max: '10000', step: '1', inputmode: 'numeric'});
  const price = h('input', {type: 'number', id: 'c-price', min: '0', step: '1', inputmode: 'numeric'});
  const form = h('form', {class: 'stack', id: 'contract-form', onsubmit: async e => {
    e.preventDefault();
    const last = contracts.at(-1);
    const body = {model: model.value, start: last?.start || effective.value, effective_from: effective.value,
      annual_renewal: last ? last.annual_renewal : true};
    if (bps.value !== '') body[model.value === 'channel' ? 'commission_bps' : 'partner_bps'] = Number(bps.value);
    if (price.value !== '') body.addon_price = Number(price.value);
    try {
      await api(`/v1/admin/partners/${partner.id}/contracts`, {method: 'POST', body});
      await drawContracts(box, partner);
      box.querySelector('#contract-msg').className = 'ok';
      box.querySelector('#contract-msg').textContent = t('contracts.added');
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      msg.className = 'error';
      msg.textContent = t('contracts.refused', {reason: err.message});
    }
  }},
  h('div', {}, h('label', {for: 'c-model'}, t('contracts.model')), model),
  h('div', {}, h('label', {for: 'c-effective'}, t('contracts.effective')), effective),
  h('div', {}, h('label', {for: 'c-bps'}, t('contracts.bps')), bps),
  h('div', {}, h('label', {for: 'c-price'}, t('contracts.price')), price),
  h('button', {type: 'submit'}, t('contracts.add')));
  box.append(tableCard('contracts', t('contracts.of', {name: partner.name}), cols, contracts, `contracts-${partner.code}.csv`),
    h('section', {class: 'card'}, h('h2', {}, t('contracts.new')), form, msg));
}

export default {
  title: 'contracts.title',
  async render(main) {
    const {partners} = await api('/v1/partners');
    const box = h('div', {id: 'contract-box'});
    const pick = h('select', {id: 'c-partner', onchange: () => drawContracts(box, partners.find(p => String(p.id) === pick.value))},
      partners.map(p => h('option', {value: p.id}, p.name)));
    main.append(h('h1', {}, t('contracts.title')),
      h('form', {class: 'inline', onsubmit: e => e.preventDefault()}, h('label', {for: 'c-partner'}, t('contracts.partner')), pick),
      box);
    if (partners.length) await drawContracts(box, partners[0]);
  },
};
