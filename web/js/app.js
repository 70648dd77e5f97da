// Boot: language, context (user, CSRF token, branding), then the page for the
// path. Pages are whole loads (links are plain <a href>), so each starts from
// the server's truth about the session.
import {api, setCsrf, setEmbedToken, ApiError} from './api.js';
import {applyBrand, pageTitle} from './brand.js';
import {h, clear} from './dom.js';
import {applyI18n, loadLang, savedLang, t} from './i18n.js';
import {PAGES, HOME, matchPage} from './pages/registry.js';

const main = document.getElementById('main');
let state = null;

function renderNav(user) {
  const nav = clear(document.getElementById('nav'));
  if (!user) return;
  for (const p of PAGES) {
    if (!p.nav || !p.roles.includes(user.role)) continue;
    const current = location.pathname === p.path;
    nav.append(h('a', {href: p.path, 'aria-current': current ? 'page' : null}, t(p.nav)));
  }
}

export function notFound(el) {
  pageTitle(t('err.notfound'));
  clear(el).append(h('h1', {}, t('err.notfound')), h('p', {}, h('a', {href: '/'}, t('err.home'))));
}

async function renderPage() {
  applyI18n();
  renderNav(state.ctx.user);
  const {match} = state;
  if (!match || (match.page.roles && !match.page.roles.includes(state.ctx.user?.role))) {
    notFound(main);
    return;
  }
  const mod = (await import(`./pages/${match.page.module.slice(2)}`)).default;
  clear(main);
  pageTitle(t(mod.title));
  try {
    await mod.render(main, {user: state.ctx.user, params: match.params, embed: !!match.page.embed,
      brand: state.ctx.brand, rerender: renderPage});
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) notFound(main);
    else if (e instanceof ApiError && e.status === 401 && !match.page.embed) location.replace('/login');
    else clear(main).append(h('p', {class: 'error', role: 'alert'}, t('err.generic'), ' ', e.message));
  }
}

async function boot() {
  const embed = location.pathname.startsWith('/embed/');
  const params = new URLSearchParams(location.search);
  if (embed) {
    setEmbedToken(params.get('token'));
    document.body.classList.add('embed');
  }
  await loadLang(embed && params.get('lang') ? params.get('lang') : savedLang());
  const ctx = await api('/web/context');
  setCsrf(ctx.csrf);
  applyBrand(ctx.brand);
  const path = location.pathname;
  if (path === '/' || path === '/app' || path === '/app/') {
    location.replace(ctx.user ? HOME[ctx.user.role] : '/login');
    return;
  }
  const match = matchPage(path);
  if (match && !match.page.public && !match.page.embed && !ctx.user) {
    location.replace('/login');
    return;
  }
  state = {ctx, match};
  const lang = document.getElementById('lang');
  lang.value = document.documentElement.lang;
  lang.addEventListener('change', async () => { await loadLang(lang.value); await renderPage(); });
  const logout = document.getElementById('logout');
  logout.hidden = !ctx.user || embed;
  logout.addEventListener('click', async () => {
    await api('/web/logout', {method: 'POST'}).catch(() => null);
    location.replace('/login');
  });
  await renderPage();
  document.body.dataset.ready = '1'; // for tests: the page has rendered
}

boot().catch(e => {
  clear(main).append(h('p', {class: 'error', role: 'alert'}, String(e.message || e)));
  document.body.dataset.ready = '1';
});
