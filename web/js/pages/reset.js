// Password reset: ask for a link by e-mail, or (with ?token=) set a new password.
import {api} from '../api.js';
import {h} from '../dom.js';
import {t} from '../i18n.js';

export default {
  title: 'reset.title',
  async render(main) {
    const token = new URLSearchParams(location.search).get('token');
    const msg = h('p', {role: 'status', id: 'reset-msg'});
    let form;
    if (!token) {
      const email = h('input', {id: 'email', type: 'email', autocomplete: 'username', required: true});
      form = h('form', {class: 'stack'},
        h('div', {}, h('label', {for: 'email'}, t('login.email')), email),
        h('button', {class: 'primary', type: 'submit'}, t('reset.send')), msg);
      form.addEventListener('submit', async ev => {
        ev.preventDefault();
        await api('/web/password-reset', {method: 'POST', body: {email: email.value}}).catch(() => null);
        msg.className = 'ok';
        msg.textContent = t('reset.sent');
      });
    } else {
      const pw = h('input', {id: 'password', type: 'password', autocomplete: 'new-password', minlength: '10', required: true});
      form = h('form', {class: 'stack'},
        h('div', {}, h('label', {for: 'password'}, t('reset.new')), pw),
        h('p', {class: 'muted'}, t('reset.rule')),
        h('button', {class: 'primary', type: 'submit'}, t('reset.save')), msg);
      form.addEventListener('submit', async ev => {
        ev.preventDefault();
        try {
          await api('/web/password-reset/confirm', {method: 'POST', body: {token, password: pw.value}});
          msg.className = 'ok';
          msg.textContent = t('reset.done');
          msg.append(' ', h('a', {href: '/login'}, t('login.title')));
        } catch (e) {
          msg.className = 'error';
          msg.textContent = e.status === 404 ? t('reset.invalid') : t('reset.rule');
        }
      });
    }
    main.append(h('div', {class: 'card login-box'}, h('h1', {}, t('reset.title')), form));
  },
};
