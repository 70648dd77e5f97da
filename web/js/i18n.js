// Translations and Indonesian formats. Every visible string goes through t();
// a missing key shows as ⟦key⟧ so tests catch it. Dictionaries:
// /i18n/<lang>.json plus one per part (<lang>.dashboard.json, <lang>.partner.json).
let dict = {};
let lang = 'id';

const MONTHS = {
  id: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

export const LANGS = ['id', 'en'];
export const DICT_PARTS = ['', '.dashboard', '.partner'];

export function currentLang() { return lang; }

export async function loadLang(wanted) {
  lang = LANGS.includes(wanted) ? wanted : 'id';
  // One dictionary per part of the app (core, dashboard cards, partner
  // programme pages), merged; DICT_PARTS lists them.
  const parts = await Promise.all(DICT_PARTS.map(p =>
    fetch(`/i18n/${lang}${p}.json`).then(r => r.json())));
  dict = Object.assign({}, ...parts);
  document.documentElement.lang = lang;
  localStorage.setItem('lang', lang);
}

export function savedLang() { return localStorage.getItem('lang') || 'id'; }

// t(key), or t(key, {n: 3}) to fill "{n}" placeholders.
export function t(key, vars) {
  let s = dict[key];
  if (s === undefined) return `⟦${key}⟧`;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

// Applies data-i18n (text) and data-i18n-aria (aria-label) under root.
export function applyI18n(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
}

// Whole numbers grouped the Indonesian way (1.250.000), or 1,250,000 in English.
export function fmtInt(n) {
  const neg = n < 0;
  const digits = String(Math.abs(Math.trunc(n)));
  const sep = lang === 'id' ? '.' : ',';
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return (neg ? '-' : '') + grouped;
}

// Rupiah: "Rp 1.250.000" (money is whole rupiah from the API).
export function fmtRp(n) {
  return (n < 0 ? '-' : '') + 'Rp ' + fmtInt(Math.abs(n));
}

// "2026-11-23" -> "23 Nov 2026".
export function fmtDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[lang][m - 1]} ${y}`;
}

// A ratio as a signed percentage with one decimal: "+12,5%".
export function fmtPct(x) {
  const s = (Math.round(x * 1000) / 10).toFixed(1);
  const v = lang === 'id' ? s.replace('.', ',') : s;
  return (x > 0 ? '+' : '') + v + '%';
}
