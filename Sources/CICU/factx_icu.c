#include "factx_icu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ucal.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/utypes.h>

struct factx_breaker {
    UBreakIterator *iterator;
};

factx_breaker *factx_breaker_open(int32_t kind, const char *locale, int32_t *status) {
    UErrorCode error = U_ZERO_ERROR;
    UBreakIteratorType type = kind == FACTX_BREAK_WORD ? UBRK_WORD : UBRK_SENTENCE;
    UBreakIterator *iterator = ubrk_open(type, locale, NULL, 0, &error);
    if (U_FAILURE(error) || iterator == NULL) {
        *status = error > 0 ? (int32_t)error : 1;
        return NULL;
    }
    factx_breaker *breaker = malloc(sizeof(factx_breaker));
    if (breaker == NULL) {
        ubrk_close(iterator);
        *status = U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    breaker->iterator = iterator;
    *status = 0;
    return breaker;
}

void factx_breaker_close(factx_breaker *breaker) {
    if (breaker == NULL) return;
    ubrk_close(breaker->iterator);
    free(breaker);
}

int32_t factx_breaker_boundaries(factx_breaker *breaker, const uint16_t *text, int32_t length,
                                 int32_t *boundaries, int32_t *statuses, int32_t *status) {
    UErrorCode error = U_ZERO_ERROR;
    static const UChar empty[1] = {0};
    ubrk_setText(breaker->iterator, length > 0 ? (const UChar *)text : empty, length, &error);
    if (U_FAILURE(error)) {
        *status = (int32_t)error;
        return -1;
    }
    int32_t count = 0;
    for (int32_t position = ubrk_first(breaker->iterator); position != UBRK_DONE;
         position = ubrk_next(breaker->iterator)) {
        if (count > length) break;  // cannot happen; guards the caller's arrays
        boundaries[count] = position;
        statuses[count] = ubrk_getRuleStatus(breaker->iterator);
        count += 1;
    }
    // Drop the reference to the caller's buffer.
    ubrk_setText(breaker->iterator, empty, 0, &error);
    *status = 0;
    return count;
}

int32_t factx_charset_known(const char *charset) {
    UErrorCode error = U_ZERO_ERROR;
    UConverter *converter = ucnv_open(charset, &error);
    if (U_FAILURE(error) || converter == NULL) return 0;
    ucnv_close(converter);
    return 1;
}

// Counts substitutions, then substitutes as ICU's default callback does.
static void factx_counting_callback(const void *context, UConverterToUnicodeArgs *arguments,
                                    const char *codeUnits, int32_t length, UConverterCallbackReason reason,
                                    UErrorCode *error) {
    if (reason <= UCNV_IRREGULAR) {
        int32_t *counter = (int32_t *)context;
        *counter += 1;
    }
    UCNV_TO_U_CALLBACK_SUBSTITUTE(NULL, arguments, codeUnits, length, reason, error);
}

int32_t factx_decode(const char *charset, const uint8_t *bytes, int32_t length,
                     uint16_t *out, int32_t capacity, int32_t *substitutions, int32_t *status) {
    UErrorCode error = U_ZERO_ERROR;
    UConverter *converter = ucnv_open(charset, &error);
    if (U_FAILURE(error) || converter == NULL) {
        *status = error > 0 ? (int32_t)error : 1;
        return -1;
    }
    int32_t counted = 0;
    ucnv_setToUCallBack(converter, factx_counting_callback, &counted, NULL, NULL, &error);
    if (U_FAILURE(error)) {
        ucnv_close(converter);
        *status = (int32_t)error;
        return -1;
    }
    int32_t needed = ucnv_toUChars(converter, (UChar *)out, capacity, (const char *)bytes, length, &error);
    ucnv_close(converter);
    if (error == U_BUFFER_OVERFLOW_ERROR || error == U_STRING_NOT_TERMINATED_WARNING) {
        error = U_ZERO_ERROR;
    }
    if (U_FAILURE(error)) {
        *status = (int32_t)error;
        return -1;
    }
    *substitutions = counted;
    *status = 0;
    return needed;
}

static UCalendar *factx_open_calendar(const char *calendar) {
    char locale[96];
    snprintf(locale, sizeof locale, "en@calendar=%s", calendar);
    UErrorCode error = U_ZERO_ERROR;
    static const UChar utc[] = {'U', 'T', 'C', 0};
    UCalendar *result = ucal_open(utc, -1, locale, UCAL_DEFAULT, &error);
    if (U_FAILURE(error)) return NULL;
    return result;
}

static int32_t factx_convert(const char *fromCalendar, const char *toCalendar, int32_t year, int32_t month,
                             int32_t day, int32_t *outYear, int32_t *outMonth, int32_t *outDay) {
    UCalendar *from = factx_open_calendar(fromCalendar);
    UCalendar *to = factx_open_calendar(toCalendar);
    if (from == NULL || to == NULL) {
        if (from) ucal_close(from);
        if (to) ucal_close(to);
        return 1;
    }
    UErrorCode error = U_ZERO_ERROR;
    ucal_clear(from);
    ucal_setDateTime(from, year, month - 1, day, 12, 0, 0, &error);
    UDate instant = ucal_getMillis(from, &error);
    ucal_setMillis(to, instant, &error);
    *outYear = ucal_get(to, UCAL_EXTENDED_YEAR, &error);
    *outMonth = ucal_get(to, UCAL_MONTH, &error) + 1;
    *outDay = ucal_get(to, UCAL_DATE, &error);
    ucal_close(from);
    ucal_close(to);
    return U_FAILURE(error) ? (int32_t)error : 0;
}

int32_t factx_calendar_to_gregorian(const char *calendar, int32_t year, int32_t month, int32_t day,
                                    int32_t *gregorianYear, int32_t *gregorianMonth, int32_t *gregorianDay) {
    return factx_convert(calendar, "gregorian", year, month, day, gregorianYear, gregorianMonth, gregorianDay);
}

int32_t factx_gregorian_to_calendar(const char *calendar, int32_t year, int32_t month, int32_t day,
                                    int32_t *calendarYear, int32_t *calendarMonth, int32_t *calendarDay) {
    return factx_convert("gregorian", calendar, year, month, day, calendarYear, calendarMonth, calendarDay);
}
