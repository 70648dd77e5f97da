// Calls to Clario's JSON API with the session cookie (sent by the browser) and
// the CSRF token on every state-changing request; in an embed, the embed token.
let csrf = null;
let embedToken = null;

export function setCsrf(token) { csrf = token; }
export function setEmbedToken(token) { embedToken = token; }

export class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

export async function api(path, {method = 'GET', body, raw, contentType} = {}) {
  const headers = {};
  if (embedToken) headers.Authorization = `Embed ${embedToken}`;
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  let payload;
  if (raw !== undefined) { payload = raw; headers['Content-Type'] = contentType; }
  else if (body !== undefined) { payload = JSON.stringify(body); headers['Content-Type'] = 'application/json'; }
  const r = await fetch(path, {method, headers, body: payload, credentials: 'same-origin'});
  const j = await r.json().catch(() => ({}));
  if (!r.ok) throw new ApiError(r.status, j.error?.code, j.error?.message || r.statusText);
  return j;
}
