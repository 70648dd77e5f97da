// The partner's branding on every page: product name, logo, colours, and the
// "powered by Clario" line only when the partner's settings ask for it.
import {t} from './i18n.js';

let current = null;

export function applyBrand(brand) {
  current = brand;
  const root = document.documentElement.style;
  root.setProperty('--brand', brand.primary);
  root.setProperty('--accent', brand.accent);
  document.getElementById('brand-name').textContent = brand.product;
  const logo = document.getElementById('brand-logo');
  logo.hidden = !brand.logo;
  if (brand.logo) { logo.src = brand.logo; logo.alt = brand.product; }
  document.getElementById('brand-powered').hidden = !brand.powered_by;
}

export function pageTitle(title) {
  document.title = current ? `${title} · ${current.product}` : title;
}

export function brandName() { return current ? current.product : ''; }
export {t};
