/* Time: UTC instants, civil dates, IANA time zones and business days.
 * Instants are int64 seconds since 1970-01-01T00:00:00Z. Dates are int32 days
 * since 1970-01-01 (proleptic Gregorian). A business day is the local date of
 * (local time − cut-off), so with a 04:00 cut-off a sale at 01:30 belongs to the
 * previous day. Zones are read from the system's TZif files (/usr/share/zoneinfo,
 * Debian's tzdata), loaded once and cached; lookups are thread-safe. */
#ifndef CLARIO_BASE_TZ_H
#define CLARIO_BASE_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

typedef int64_t instant_t; /* seconds since the Unix epoch, UTC */
typedef int32_t day_t;     /* days since 1970-01-01 */

/* Civil date <-> day number. month 1..12, mday 1..31. */
day_t tz_days_from_civil(int year, int month, int mday);
void tz_civil_from_days(day_t day, int *year, int *month, int *mday);
/* 0 = Monday .. 6 = Sunday (ISO). */
int tz_weekday(day_t day);

/* "YYYY-MM-DD" -> day; rejects impossible dates (2027-02-30) with a reason. */
enum clario_status tz_parse_date(const char *s, day_t *out, struct clario_err *err);
/* Writes "YYYY-MM-DD" (11 bytes with NUL) into buf. */
void tz_format_date(day_t day, char buf[static 11]);

/* RFC 3339 timestamp "2027-02-01T12:30:00+07:00" / "...Z" / fractional seconds
 * (truncated) -> instant. An offset is required: a local time without one is
 * ambiguous and rejected with a reason. */
enum clario_status tz_parse_rfc3339(const char *s, instant_t *out, struct clario_err *err);
/* Writes "2027-02-01T05:30:00Z" (21 bytes with NUL). */
void tz_format_rfc3339_utc(instant_t t, char buf[static 21]);

struct tz_zone; /* opaque, owned by the cache, never freed by callers */

/* Finds (and on first use loads) an IANA zone such as "Asia/Jakarta".
 * Rejects names that are not plain zone names (no "..", no leading "/").
 * Thread-safe. */
enum clario_status tz_zone_get(const char *name, const struct tz_zone **out,
			       struct clario_err *err);
const char *tz_zone_name(const struct tz_zone *zone);

/* UTC offset in seconds in force at instant t in zone. */
int32_t tz_offset_at(const struct tz_zone *zone, instant_t t);

/* Local wall-clock breakdown of an instant in a zone, shifted by the business-day
 * cut-off (seconds after local midnight, 0..86399): business_day is the local
 * date of (local time − cutoff); hour is the local clock hour (0..23, not shifted). */
struct tz_local {
	day_t business_day;
	day_t local_day;
	int hour;
	int minute;
	int32_t offset; /* seconds east of UTC */
};
void tz_localize(const struct tz_zone *zone, int32_t cutoff_seconds, instant_t t,
		 struct tz_local *out);

/* "04:00" -> 14400. Accepts HH:MM with 00:00 <= value < 24:00 (a cut-off after
 * midnight); rejects anything else with a reason. */
enum clario_status tz_parse_cutoff(const char *s, int32_t *out, struct clario_err *err);

/* Frees the zone cache (for leak-free test exits). Not thread-safe. */
void tz_cache_free(void);

#endif
