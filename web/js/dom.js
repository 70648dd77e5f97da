// Building DOM without innerHTML: h('p', {class: 'x'}, 'text', child).
// Text is always set as text, so data from the API can never become markup.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) { while (el.firstChild) el.firstChild.remove(); return el; }

// A table from columns [{key, label, num, fmt}] and rows of objects.
export function table(columns, rows, caption) {
  return h('div', {class: 'table-wrap'},
    h('table', {},
      caption ? h('caption', {class: 'sr-only'}, caption) : null,
      h('thead', {}, h('tr', {}, columns.map(c => h('th', {scope: 'col', class: c.num ? 'num' : null}, c.label)))),
      h('tbody', {}, rows.map(r => h('tr', {}, columns.map(c =>
        h('td', {class: c.num ? 'num' : null}, c.render ? c.render(r) : (c.fmt ? c.fmt(r[c.key], r) : r[c.key]))))))));
}
