// A partner's merchants (Clario staff: all merchants), each linking to its dashboard.
import {api} from '../api.js';
import {downloadCsv} from '../csv.js';
import {h, table} from '../dom.js';
import {t} from '../i18n.js';

export default {
  title: 'merchants.title',
  async render(main, ctx) {
    const {merchants} = await api('/v1/merchants');
    const cols = [
      {key: 'name', label: t('merchants.name'), render: m => h('a', {href: `/app/merchants/${m.id}`}, m.name)},
      {key: 'kind', label: t('merchants.kind'), fmt: k => t(`kind.${k}`)},
      {key: 'id', label: t('merchants.id'), num: true},
    ];
    if (ctx.user.role === 'clario_admin') cols.splice(2, 0, {key: 'partner', label: t('merchants.partner'), fmt: p => p || t('merchants.direct')});
    main.append(h('h1', {}, t('merchants.title')),
      h('section', {class: 'card'},
        h('div', {class: 'card-head'},
          h('h2', {}, t('merchants.count', {n: merchants.length})),
          h('button', {class: 'secondary', type: 'button', onclick: () => downloadCsv('merchants.csv', cols, merchants)}, t('csv.export'))),
        table(cols, merchants, t('merchants.title'))));
  },
};
