// The dashboard's cards, in display order. A card is one module exporting
// default {render(section, data)} where data = {merchant, outletId, period,
// comparison, current, previous, api}: current/previous are the summary API's
// answers for the period and its comparison (previous is null without one).
// A card needing more calls data.api itself. To add a card: write
// cards/<id>.js, put {id, module} here, add its strings to both dictionaries.
// Entries with `planned` are slots for cards whose API is not built yet; the
// dashboard skips them.
export const CARDS = [
  {id: 'summary', module: './summary.js'},
  {id: 'trend', module: './trend.js'},
  // issue 5 (analytics endpoints):
  {id: 'forecast', planned: 'forecast band on the trend: GET /v1/merchants/{id}/forecast'},
  {id: 'heatmap', planned: 'hour x weekday heatmap: GET /v1/merchants/{id}/heatmap'},
  {id: 'top-items', planned: 'top items: GET /v1/merchants/{id}/items'},
  {id: 'menu-engineering', planned: 'menu-engineering quadrants and actions: GET /v1/merchants/{id}/menu-engineering'},
  {id: 'basket', planned: 'basket pairs: GET /v1/merchants/{id}/basket'},
  {id: 'mix', planned: 'channel and payment mix: GET /v1/merchants/{id}/mix'},
  {id: 'outlets', planned: 'outlet comparison: GET /v1/merchants/{id}/outlets/compare'},
  {id: 'alerts', planned: 'alerts: GET /v1/merchants/{id}/alerts'},
  {id: 'benchmark', planned: 'peer benchmark: GET /v1/merchants/{id}/benchmark'},
  {id: 'insights', planned: 'insights feed: GET /v1/merchants/{id}/insights'},
];
