// Merchant dashboard: pick a period (and a comparison) and an outlet, then
// every card in cards/registry.js renders from the same data. Owners and staff
// see their merchant; partner admins and Clario staff open /app/merchants/:id;
// an embed shows the token's merchant, read-only.
import {api} from '../api.js';
import {CARDS} from '../cards/registry.js';
import {h, clear} from '../dom.js';
import {t} from '../i18n.js';
import {presetRange, compareRange} from '../period.js';

export default {
  title: 'dash.title',
  async render(main, ctx) {
    let id = ctx.params.id || ctx.user?.merchant_id;
    if (ctx.embed) id = (await api('/v1/merchants')).merchants[0].id;
    const merchant = await api(`/v1/merchants/${id}`);
    const saved = JSON.parse(sessionStorage.getItem(t('dash.period')) || '{}');
    const outlet = h('select', {id: 'outlet'},
      h('option', {value: ''}, t('dash.all_outlets')),
      merchant.outlets.map(o => h('option', {value: String(o.id)}, o.name)));
    const preset = h('select', {id: 'preset'},
      ['last_month', 'this_month', 'last7', 'last30', 'custom'].map(p => h('option', {value: p}, t(`period.${p}`))));
    const from = h('input', {id: 'from', type: 'date'});
    const to = h('input', {id: 'to', type: 'date'});
    const compare = h('select', {id: 'compare'},
      ['previous', 'year', 'none'].map(c => h('option', {value: c}, t(`compare.${c}`))));
    preset.value = saved.preset || 'last_month';
    compare.value = saved.compare || 'previous';
    outlet.value = saved.merchant === id ? saved.outlet || '' : '';
    const setRange = () => {
      if (preset.value === 'custom') return;
      const r = presetRange(preset.value, new Date());
      from.value = r.from; to.value = r.to;
    };
    if (saved.preset === 'custom' && saved.from) { from.value = saved.from; to.value = saved.to; } else setRange();
    preset.addEventListener('change', setRange);
    for (const el of [from, to]) el.addEventListener('change', () => { preset.value = 'custom'; });
    const field = (el, label) => h('div', {}, h('label', {for: el.id}, label), el);
    const cards = h('div', {id: 'cards'});
    const status = h('p', {role: 'status', class: 'muted', id: 'dash-status'});
    const form = h('form', {class: 'controls card', 'aria-label': t('dash.controls')},
      field(outlet, t('dash.outlet')), field(preset, t('dash.period')), field(from, t('dash.from')),
      field(to, t('dash.to')), field(compare, t('dash.compare')),
      h('div', {}, h('button', {class: 'primary', type: 'submit'}, t('dash.apply'))));
    const load = async () => {
      status.textContent = t('dash.loading');
      sessionStorage.setItem('dash.period', JSON.stringify({preset: preset.value, compare: compare.value,
        from: from.value, to: to.value, outlet: outlet.value, merchant: id}));
      const q = r => `/v1/merchants/${id}/summary?from=${r.from}&to=${r.to}${outlet.value ? `&outlet=${outlet.value}` : ''}`;
      const period = {from: from.value, to: to.value};
      const cmp = compareRange(compare.value, period);
      const [current, previous] = await Promise.all([api(q(period)), cmp ? api(q(cmp)) : null]);
      const data = {merchant, outletId: outlet.value ? Number(outlet.value) : null, period, comparison: cmp,
        current, previous, api};
      clear(cards);
      // Cards load side by side; one failing says so in its own box only.
      await Promise.all(CARDS.filter(card => !card.planned).map(card => {
        const el = h('section', {class: 'card', id: `card-${card.id}`, 'aria-labelledby': `card-${card.id}-title`});
        cards.append(el);
        return import(`../cards/${card.module.slice(2)}`).then(m => m.default.render(el, data))
          .catch(e => { el.append(h('p', {class: 'error'}, t('dash.card_failed', {msg: e.message}))); });
      }));
      status.textContent = '';
    };
    form.addEventListener('submit', ev => { ev.preventDefault(); load().catch(e => { status.className = 'error'; status.textContent = e.message; }); });
    main.append(h('h1', {}, t('dash.title_for', {name: merchant.name})), form, status, cards);
    await load();
  },
};
