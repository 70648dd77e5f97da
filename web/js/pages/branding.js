// Partner portal: branding settings (product name, colours, "powered by
// Clario", origins allowed to frame embeds) and the logo upload.
import {api} from '../api.js';
import {h} from '../dom.js';
import {t} from '../i18n.js';

const LOGO_MAX = 256 * 1024;
const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml'];

export default {
  title: 'branding.title',
  async render(main) {
    const b = await api('/v1/branding');
    const field = (id, label, input) => h('div', {}, h('label', {for: id}, label), input);
    const product = h('input', {id: 'product', type: 'text', maxlength: '64', value: b.product, required: true});
    const primary = h('input', {id: 'primary', type: 'color', value: b.primary});
    const accent = h('input', {id: 'accent', type: 'color', value: b.accent});
    const powered = h('input', {id: 'powered', type: 'checkbox', checked: b.powered_by});
    const origins = h('input', {id: 'origins', type: 'text', value: b.frame_origins, placeholder: 'https://backoffice.example.com'});
    const msg = h('p', {role: 'status', id: 'branding-msg'});
    const form = h('form', {class: 'stack'},
      field('product', t('branding.product'), product),
      field('primary', t('branding.primary'), primary),
      field('accent', t('branding.accent'), accent),
      h('div', {}, h('label', {for: 'powered'}, powered, ' ', t('branding.powered'))),
      field('origins', t('branding.origins'), origins),
      h('p', {class: 'muted'}, t('branding.origins_help')),
      h('button', {class: 'primary', type: 'submit'}, t('branding.save')), msg);
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      try {
        await api('/v1/branding', {method: 'PUT', body: {product: product.value, primary: primary.value,
          accent: accent.value, powered_by: powered.checked, frame_origins: origins.value.trim()}});
        msg.className = 'ok';
        msg.textContent = t('branding.saved');
      } catch (e) {
        msg.className = 'error';
        msg.textContent = `${t('branding.failed')} ${e.message}`;
      }
    });
    const file = h('input', {id: 'logo', type: 'file', accept: LOGO_TYPES.join(',')});
    const lmsg = h('p', {role: 'status', id: 'logo-msg'});
    const logoForm = h('form', {class: 'stack'},
      field('logo', t('branding.logo'), file),
      h('p', {class: 'muted'}, t('branding.logo_help')),
      h('button', {class: 'primary', type: 'submit'}, t('branding.upload')), lmsg);
    logoForm.addEventListener('submit', async ev => {
      ev.preventDefault();
      const f = file.files[0];
      lmsg.className = 'error';
      if (!f) { lmsg.textContent = t('branding.logo_pick'); return; }
      if (!LOGO_TYPES.includes(f.type) || f.size > LOGO_MAX) { lmsg.textContent = t('branding.logo_help'); return; }
      try {
        await api('/v1/branding/logo', {method: 'PUT', raw: f, contentType: f.type});
        lmsg.className = 'ok';
        lmsg.textContent = t('branding.saved');
      } catch (e) {
        lmsg.textContent = `${t('branding.failed')} ${e.message}`;
      }
    });
    main.append(h('h1', {}, t('branding.title')),
      h('section', {class: 'card'}, form),
      h('section', {class: 'card'}, logoForm));
  },
};
