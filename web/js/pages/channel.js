// Channel partner: its code today; referrals, conversions and commissions plug
// in here when the partner programme's API lands (issue 7).
import {h} from '../dom.js';
import {t} from '../i18n.js';

export default {
  title: 'channel.title',
  async render(main, ctx) {
    main.append(h('h1', {}, t('channel.title')),
      h('section', {class: 'card'},
        h('h2', {}, t('channel.code')),
        h('p', {id: 'channel-code'}, ctx.user.partner || ''),
        h('p', {class: 'muted'}, t('channel.soon'))));
  },
};
