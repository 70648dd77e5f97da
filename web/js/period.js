// Date ranges for the period picker, as ISO dates (YYYY-MM-DD), in the
// browser's calendar. Business days are the server's concern: these are the
// days the summary API is asked for.
const iso = d => d.toISOString().slice(0, 10);
const utc = (y, m, d) => new Date(Date.UTC(y, m, d));

export function presetRange(preset, now) {
  const y = now.getFullYear(), m = now.getMonth(), d = now.getDate();
  switch (preset) {
    case 'this_month': return {from: iso(utc(y, m, 1)), to: iso(utc(y, m, d))};
    case 'last7': return {from: iso(utc(y, m, d - 7)), to: iso(utc(y, m, d - 1))};
    case 'last30': return {from: iso(utc(y, m, d - 30)), to: iso(utc(y, m, d - 1))};
    default: return {from: iso(utc(y, m - 1, 1)), to: iso(utc(y, m, 0))}; // last_month
  }
}

function parse(s) { const [y, m, d] = s.split('-').map(Number); return utc(y, m - 1, d); }

// The comparison period: the same number of days just before, or the same
// dates a year earlier; null for none.
export function compareRange(kind, {from, to}) {
  const f = parse(from), t = parse(to);
  if (kind === 'previous') {
    const days = Math.round((t - f) / 86400000) + 1;
    return {from: iso(new Date(f.getTime() - days * 86400000)), to: iso(new Date(f.getTime() - 86400000))};
  }
  if (kind === 'year') {
    return {from: iso(utc(f.getUTCFullYear() - 1, f.getUTCMonth(), f.getUTCDate())),
      to: iso(utc(t.getUTCFullYear() - 1, t.getUTCMonth(), t.getUTCDate()))};
  }
  return null;
}
