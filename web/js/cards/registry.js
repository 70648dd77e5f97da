// The dashboard's cards, in display order. A card is one module exporting
// default {render(section, data)} where data = {merchant, outletId, period,
// comparison, current, previous, api}: current/previous are the summary API's
// answers for the period and its comparison (previous is null without one).
// A card needing more calls data.api itself. To add a card: write
// cards/<id>.js, put {id, module} here, add its strings to both dictionaries.
// Cards reading the analyses 1-7 share one /dashboard call (cards/kit.js).
export const CARDS = [
  {id: 'summary', module: './summary.js'},
  {id: 'trend', module: './trend.js'},
  {id: 'insights', module: './insights.js'},
  {id: 'forecast', module: './forecast.js'},
  {id: 'heatmap', module: './heatmap.js'},
  {id: 'top-items', module: './top-items.js'},
  {id: 'menu-engineering', module: './menu-engineering.js'},
  {id: 'basket', module: './basket.js'},
  {id: 'mix', module: './mix.js'},
  {id: 'outlets', module: './outlets.js'},
  {id: 'alerts', module: './alerts.js'},
  {id: 'benchmark', module: './benchmark.js'},
];
