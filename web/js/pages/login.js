// Sign-in: e-mail and password; the server sets the session cookie and answers
// the same for an unknown e-mail and a wrong password.
import {api} from '../api.js';
import {h} from '../dom.js';
import {t} from '../i18n.js';
import {HOME} from './registry.js';

export default {
  title: 'login.title',
  async render(main, ctx) {
    if (ctx.user) { location.replace(HOME[ctx.user.role]); return; }
    const msg = h('p', {id: 'login-msg', role: 'alert', class: 'error'});
    const email = h('input', {id: 'email', type: 'email', name: 'email', autocomplete: 'username', required: true});
    const pw = h('input', {id: 'password', type: 'password', name: 'password', autocomplete: 'current-password', required: true});
    const form = h('form', {class: 'stack', novalidate: true},
      h('div', {}, h('label', {for: 'email'}, t('login.email')), email),
      h('div', {}, h('label', {for: 'password'}, t('login.password')), pw),
      h('button', {class: 'primary', type: 'submit'}, t('login.submit')),
      msg,
      h('p', {}, h('a', {href: '/reset'}, t('login.forgot'))));
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      msg.textContent = '';
      try {
        await api('/web/login', {method: 'POST', body: {email: email.value, password: pw.value}});
        location.replace('/');
      } catch (e) {
        msg.textContent = e.status === 429 ? t('login.limited') : e.status === 503 ? t('login.busy') : t('login.wrong');
      }
    });
    main.append(h('div', {class: 'card login-box'}, h('h1', {}, t('login.title')), form));
    email.focus();
  },
};
