#ifndef FACTX_ICU_H
#define FACTX_ICU_H

// factx's narrow window onto the system ICU. Only stdint types and opaque structs cross it: the <unicode/*.h>
// headers stay inside factx_icu.c, so Swift never sees them next to Foundation's private ICU module, and the
// version-suffixed ICU symbols (ubrk_open_72 …) never leak into Swift code.

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: Break iteration

typedef struct factx_breaker factx_breaker;

enum {
    FACTX_BREAK_SENTENCE = 0,
    FACTX_BREAK_WORD = 1,
};

/// Opens a break iterator of `kind` for `locale` (e.g. "en_US@ss=standard"). Returns NULL and sets *status > 0 on
/// failure. One iterator per thread or task; reuse it across texts.
factx_breaker *factx_breaker_open(int32_t kind, const char *locale, int32_t *status);
void factx_breaker_close(factx_breaker *breaker);

/// Breaks `text` (UTF-16, `length` units). Writes every boundary offset (in UTF-16 units, the first is 0 and the
/// last is `length`) to `boundaries`, and the rule status of the segment that ends there to `statuses` (word
/// breaks: 0–99 none/punctuation, 100–199 number, 200–299 letter, 300+ kana/ideographic). Both arrays must hold
/// `length + 1` entries. Returns the number of boundaries, or -1 with *status > 0. The iterator keeps no
/// reference to `text` after the call.
int32_t factx_breaker_boundaries(factx_breaker *breaker, const uint16_t *text, int32_t length,
                                 int32_t *boundaries, int32_t *statuses, int32_t *status);

// MARK: Character sets

/// 1 when ICU knows a converter for `charset` (an IANA or WHATWG label), else 0.
int32_t factx_charset_known(const char *charset);

/// Decodes `length` bytes in `charset` to UTF-16. Returns the number of UTF-16 units the full result needs; writes
/// at most `capacity` of them to `out` (call with capacity 0 to measure). Undecodable bytes become U+FFFD and are
/// counted in *substitutions. Returns -1 with *status > 0 on failure.
int32_t factx_decode(const char *charset, const uint8_t *bytes, int32_t length,
                     uint16_t *out, int32_t capacity, int32_t *substitutions, int32_t *status);

// MARK: Calendars

/// Converts a date of the calendar named `calendar` ("islamic-umalqura", "islamic-civil", "islamic",
/// "gregorian" …; months 1-based) to the Gregorian calendar (modern dates). Returns 0 on success.
int32_t factx_calendar_to_gregorian(const char *calendar, int32_t year, int32_t month, int32_t day,
                                    int32_t *gregorianYear, int32_t *gregorianMonth, int32_t *gregorianDay);

/// Converts a Gregorian date to the calendar named `calendar` (months 1-based). Returns 0 on success.
int32_t factx_gregorian_to_calendar(const char *calendar, int32_t year, int32_t month, int32_t day,
                                    int32_t *calendarYear, int32_t *calendarMonth, int32_t *calendarDay);

#ifdef __cplusplus
}
#endif

#endif
