// Admin console: partners with their kind and merchant count.
import {api} from '../api.js';
import {downloadCsv} from '../csv.js';
import {h, table} from '../dom.js';
import {t, fmtInt} from '../i18n.js';

export default {
  title: 'partners.title',
  async render(main) {
    const {partners} = await api('/v1/admin/partners');
    const cols = [
      {key: 'code', label: t('partners.code')},
      {key: 'name', label: t('partners.name')},
      {key: 'kind', label: t('partners.kind'), fmt: k => t(`pkind.${k}`)},
      {key: 'merchants', label: t('partners.merchants'), num: true, fmt: fmtInt},
    ];
    main.append(h('h1', {}, t('partners.title')),
      h('section', {class: 'card'},
        h('div', {class: 'card-head'}, h('h2', {}, t('partners.count', {n: partners.length})),
          h('button', {class: 'secondary', type: 'button', onclick: () => downloadCsv('partners.csv', cols, partners)}, t('csv.export'))),
        table(cols, partners, t('partners.title'))));
  },
};
