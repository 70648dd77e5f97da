// Every page of the web app: its path (":id" is a numeric segment), the roles
// that may open it, its nav label and its module (default export
// {title, render(main, ctx)}). To add a page: write pages/<name>.js, add one
// line here, add its strings to both /i18n dictionaries. A role not listed
// gets the "not found" page, exactly like a missing page.
export const PAGES = [
  {path: '/login', module: './login.js', public: true},
  {path: '/reset', module: './reset.js', public: true},
  {path: '/app/dashboard', module: './dashboard.js', roles: ['merchant_owner', 'merchant_staff'], nav: 'nav.dashboard'},
  {path: '/app/merchants', module: './merchants.js', roles: ['partner_admin', 'clario_admin'], nav: 'nav.merchants'},
  {path: '/app/merchants/:id', module: './dashboard.js', roles: ['partner_admin', 'clario_admin']},
  {path: '/app/branding', module: './branding.js', roles: ['partner_admin'], nav: 'nav.branding'},
  {path: '/app/admin/partners', module: './partners.js', roles: ['clario_admin'], nav: 'nav.partners'},
  {path: '/app/admin/dead-letters', module: './deadletters.js', roles: ['clario_admin'], nav: 'nav.deadletters'},
  {path: '/app/channel', module: './channel.js', roles: ['channel_partner'], nav: 'nav.channel'},
  {path: '/embed/dashboard', module: './dashboard.js', embed: true},
  {path: '/app/partner/addon', module: './addon.js', roles: ['partner_admin'], nav: 'nav.addon'},
  {path: '/app/partner/finance', module: './finance.js', roles: ['partner_admin'], nav: 'nav.finance'},
  {path: '/app/partner/programme', module: './programme.js', roles: ['partner_admin'], nav: 'nav.portal'},
  {path: '/app/admin/contracts', module: './contracts.js', roles: ['clario_admin'], nav: 'nav.contracts'},
  {path: '/app/admin/billing', module: './billing.js', roles: ['clario_admin'], nav: 'nav.billing'},
  {path: '/app/admin/programme', module: './console.js', roles: ['clario_admin'], nav: 'nav.console'},
];

// Where each role lands after signing in.
export const HOME = {
  clario_admin: '/app/admin/partners',
  partner_admin: '/app/merchants',
  merchant_owner: '/app/dashboard',
  merchant_staff: '/app/dashboard',
  channel_partner: '/app/channel',
};

// The page for a path and its numeric parameters, or null.
export function matchPage(pathname) {
  for (const p of PAGES) {
    const want = p.path.split('/');
    const got = pathname.replace(/\/+$/, '').split('/');
    if (want.length !== got.length) continue;
    const params = {};
    let ok = true;
    want.forEach((seg, i) => {
      if (seg.startsWith(':')) {
        if (/^[1-9][0-9]{0,17}$/.test(got[i])) params[seg.slice(1)] = Number(got[i]);
        else ok = false;
      } else if (seg !== got[i]) ok = false;
    });
    if (ok) return {page: p, params};
  }
  return null;
}
