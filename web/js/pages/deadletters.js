// Admin console: payloads refused at ingestion, newest first, with the reason.
import {api} from '../api.js';
import {downloadCsv} from '../csv.js';
import {h, table} from '../dom.js';
import {t, fmtDate, fmtInt} from '../i18n.js';

function when(sec) {
  const d = new Date(sec * 1000);
  const iso = d.toISOString();
  return `${fmtDate(iso.slice(0, 10))} ${iso.slice(11, 16)} UTC`;
}

export default {
  title: 'dead.title',
  async render(main) {
    const {dead_letters: rows} = await api('/v1/admin/dead-letters');
    const cols = [
      {key: 'id', label: t('dead.id'), num: true},
      {key: 'received_at', label: t('dead.received'), fmt: when},
      {key: 'source', label: t('dead.source')},
      {key: 'principal', label: t('dead.principal')},
      {key: 'reason', label: t('dead.reason')},
      {key: 'raw', label: t('dead.raw'), render: r => h('pre', {class: 'raw'}, r.raw)},
      {key: 'raw_bytes', label: t('dead.bytes'), num: true, fmt: fmtInt},
    ];
    main.append(h('h1', {}, t('dead.title')),
      h('section', {class: 'card'},
        h('div', {class: 'card-head'}, h('h2', {}, t('dead.count', {n: rows.length})),
          h('button', {class: 'secondary', type: 'button', onclick: () => downloadCsv('dead-letters.csv', cols, rows)}, t('csv.export'))),
        rows.length ? table(cols, rows, t('dead.title')) : h('p', {class: 'muted'}, t('dead.none'))));
  },
};
