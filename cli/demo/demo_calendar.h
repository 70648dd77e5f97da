/* The demo's calendar: how many tickets an outlet expects on a business day
 * and how they spread over its hours — weekday and weekend by kind, Ramadan
 * (lunch down, iftar up, sahur after midnight), Lebaran, national holidays,
 * paydays, each merchant's growth or decline. */
#ifndef CLARIO_CLI_DEMO_CALENDAR_H
#define CLARIO_CLI_DEMO_CALENDAR_H

#include "cli/demo/demo_world.h"

/* Hours of a business day: index i is local clock hour (4 + i) % 24, so
 * indexes 20..23 are 00:00..03:59 of the next calendar day. */
#define DEMO_DAY_HOURS 24

/* Fills w->days for w->opt's period. */
void demo_calendar_build(struct demo_world *w);

/* Expected tickets of outlet o on w->days[di], per hour into hours[] (may be
 * NULL); returns their sum. Uses o->base as the plain-day volume. */
double demo_day_hours(const struct demo_world *w, const struct demo_outlet *o, size_t di,
		      double hours[DEMO_DAY_HOURS]);

/* Local clock hour of hour index i. */
int demo_hour_of_index(int i);

/* How far into the period day index di is, 0..1 (for trends). */
double demo_period_frac(const struct demo_world *w, size_t di);

#endif
