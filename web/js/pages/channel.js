// Channel partner (read-only): its referral code and link, referred merchants,
// conversions, commission balance and payouts.
import {api} from '../api.js';
import {h} from '../dom.js';
import {t} from '../i18n.js';
import {referralsCard} from './finance.js';

export default {
  title: 'channel.title',
  async render(main, ctx) {
    const ref = await api(`/v1/partners/${ctx.user.partner_id}/referrals`);
    main.append(h('h1', {}, t('channel.title')),
      h('p', {class: 'muted'}, t('channel.read_only')),
      referralsCard(ref));
  },
};
