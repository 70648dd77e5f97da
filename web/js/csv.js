// CSV export of a table: the raw values (whole rupiah, ISO dates), so a
// spreadsheet reads numbers, not formatted text.
function cell(v) {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote always; neutralise formulas a spreadsheet would run.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function toCsv(columns, rows) {
  const lines = [columns.map(c => cell(c.label)).join(',')];
  for (const r of rows) lines.push(columns.map(c => cell(c.csv ? c.csv(r) : r[c.key])).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function downloadCsv(filename, columns, rows) {
  const blob = new Blob([toCsv(columns, rows)], {type: 'text/csv;charset=utf-8'});
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
