// The partner's branding on every page: product name, logo, colours, and the
// "powered by Clario" line only when the partner's settings ask for it.
import {t} from './i18n.js';

let current = null;

// WCAG relative luminance of "#rrggbb".
function luminance(hex) {
  const c = [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map(v => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

// White text on the brand colour when it reads well (contrast >= 4.5), else dark:
// a partner may pick a light colour.
function textOn(hex) {
  return 1.05 / (luminance(hex) + 0.05) >= 4.5 ? '#ffffff' : '#1a1d21';
}

export function applyBrand(brand) {
  current = brand;
  const root = document.documentElement.style;
  root.setProperty('--brand', brand.primary);
  root.setProperty('--accent', brand.accent);
  root.setProperty('--on-brand', textOn(brand.primary));
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
