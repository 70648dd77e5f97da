// Insights feed: the ranked findings in the page's language, each with its
// action and a link to the card with the analysis behind it.
import {h} from '../dom.js';
import {t, currentLang} from '../i18n.js';
import {endpoint, head, tableBlock} from './kit.js';

// The API's link names the endpoint; the card showing it:
const CARD_OF = {summary: 'summary', comparison: 'summary', channels: 'mix', payments: 'mix', peers: 'benchmark',
  retention: 'summary', items: 'top-items', 'menu-engineering': 'menu-engineering', basket: 'basket',
  heatmap: 'heatmap', forecast: 'forecast', alerts: 'alerts', 'outlet-comparison': 'outlets'};

export function cardFor(link) {
  const m = /^\/v1\/merchants\/\d+\/([a-z-]+)/.exec(link || '');
  return (m && CARD_OF[m[1]]) || 'summary';
}

export default {
  async render(el, data) {
    const r = await data.api(endpoint(data, 'insights', `&lang=${currentLang()}`));
    const rows = r.insights.map(i => ({...i, card: cardFor(i.link)}));
    el.append(head('insights', t('card.insights')));
    if (!rows.length) { el.append(h('p', {class: 'muted'}, t('ins.none'))); return; }
    el.append(h('ol', {class: 'insights'}, rows.map(i => h('li', {dataset: {kind: i.kind}},
      h('p', {class: 'ins-text'}, i.text), h('p', {class: 'muted'}, i.action),
      h('a', {href: `#card-${i.card}`}, t('ins.see'))))),
    tableBlock('insights', t('card.insights'), [
      {key: 'rank', label: '#', num: true}, {key: 'text', label: t('ins.finding')}, {key: 'action', label: t('ins.action')},
    ], rows, {folded: true}));
  },
};
