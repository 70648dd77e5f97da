// Static check of the web app's translations: both dictionaries have the same
// keys and no empty value; every key the code uses (t('...'), data-i18n,
// registry nav labels and titles) exists; no HTML text outside data-i18n.
// Usage: node i18n-check.mjs WEB_DIR
import fs from 'node:fs';
import path from 'node:path';

const web = path.resolve(process.argv[2] || 'web');
const problems = [];
// Each language's dictionary is split by part (web/js/i18n.js DICT_PARTS);
// a key may live in one part only.
const PARTS = ['', '.dashboard', '.partner'];
const dicts = Object.fromEntries(['id', 'en'].map(l => {
  const merged = {};
  for (const p of PARTS) {
    const part = JSON.parse(fs.readFileSync(path.join(web, 'i18n', `${l}${p}.json`), 'utf8'));
    for (const k of Object.keys(part)) if (k in merged) problems.push(`${k}: in two parts of ${l}`);
    Object.assign(merged, part);
  }
  return [l, merged];
}));
const keys = l => new Set(Object.keys(dicts[l]));
for (const [a, b] of [['id', 'en'], ['en', 'id']])
  for (const k of keys(a)) if (!keys(b).has(k)) problems.push(`${k}: in ${a}.json, missing from ${b}.json`);
for (const l of ['id', 'en'])
  for (const [k, v] of Object.entries(dicts[l])) if (typeof v !== 'string' || !v.trim()) problems.push(`${l}.json: ${k} is empty`);
const sameText = Object.keys(dicts.id).filter(k => dicts.id[k] === dicts.en[k]);

function walk(d) { return fs.readdirSync(d, {withFileTypes: true}).flatMap(e => e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]); }
const used = new Set();
let dynamic = 0;
for (const f of walk(web)) {
  const src = fs.readFileSync(f, 'utf8');
  if (f.endsWith('.js')) {
    for (const m of src.matchAll(/\bt\(\s*'([a-z0-9_.]+)'/g)) used.add(m[1]);
    for (const m of src.matchAll(/\b(?:nav|title):\s*'([a-z0-9_]+\.[a-z0-9_.]+)'/g)) used.add(m[1]);
    dynamic += [...src.matchAll(/\bt\(`/g)].length; // t(`kind.${k}`): prefixes checked below
  }
  if (f.endsWith('.html')) {
    for (const m of src.matchAll(/data-i18n(?:-aria)?="([^"]+)"/g)) used.add(m[1]);
    // Visible text must come from the dictionaries: only language names and
    // empty elements may carry literal text.
    const body = src.replace(/<!--[\s\S]*?-->/g, '').replace(/<head>[\s\S]*<\/head>/, '');
    for (const m of body.matchAll(/>([^<]+)</g)) {
      const text = m[1].trim();
      if (text && !['Bahasa Indonesia', 'English'].includes(text)) problems.push(`${path.relative(web, f)}: untranslated text "${text}"`);
    }
  }
}
for (const k of used) if (!(k in dicts.id)) problems.push(`${k}: used in the code, missing from the dictionaries`);
// Keys built at run time (t(`kind.${k}`)) must cover every value the API gives.
const families = {kind: ['cafe', 'warung', 'bakery', 'restaurant', 'cloud_kitchen', 'other'], pkind: ['pos', 'accounting', 'channel'],
  period: ['last_month', 'this_month', 'last7', 'last30', 'custom'], compare: ['previous', 'year', 'none'],
  fig: ['net_sales', 'gross_sales', 'tickets', 'average_ticket', 'discounts', 'refunds', 'covers', 'tax']};
for (const [fam, vals] of Object.entries(families)) for (const v of vals) if (!(`${fam}.${v}` in dicts.id)) problems.push(`${fam}.${v}: missing`);
for (const k of Object.keys(dicts.id)) {
  const fam = k.split('.')[0];
  if (!used.has(k) && !(fam in families) && !k.startsWith('nav.')) problems.push(`${k}: never used`);
}
if (used.size < 50) problems.push(`only ${used.size} keys found in the code: the scan is broken`);
for (const p of problems) console.log(`not ok - ${p}`);
console.log(`i18n: ${Object.keys(dicts.id).length} keys per language, ${used.size} used literally, ${dynamic} built at run time, ` +
  `${sameText.length} spelled the same in both (names, codes); ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
