/* norm_lists.h: private to the normaliser: the word lists of lexicon/wordlists.tsv
 * that its rules read, each named once here. The words are data; the rules in
 * tts/norm_*.c say only which list they look in (nz_at_list, nz_after_list) or
 * which list's word they say (nz_say: the list's first phrase). A normaliser is
 * made only when the lexicon has every list (loa_normalizer_lacks).
 *
 * X(ID, "name"): ID is what the C names the list, "name" what wordlists.tsv does;
 * the comment above each list in wordlists.tsv says what it triggers.
 */
#ifndef LOA_NORM_LISTS_H
#define LOA_NORM_LISTS_H

#define NZ_LISTS(X) \
  /* the words of numbers (tts/numbers.c) */ \
  X(NL_DIGIT, "digit") \
  X(NL_NUM_TEN, "number-ten") \
  X(NL_NUM_TENS, "number-tens") \
  X(NL_NUM_ONE, "number-one") \
  X(NL_NUM_FOUR, "number-four") \
  X(NL_NUM_FIVE, "number-five") \
  X(NL_NUM_HUNDRED, "number-hundred") \
  X(NL_NUM_ZERO_TENS, "number-zero-tens") \
  X(NL_NUM_THOUSAND, "number-thousand") \
  X(NL_NUM_MILLION, "number-million") \
  X(NL_NUM_BILLION, "number-billion") \
  X(NL_NUM_FIRST, "number-first") \
  /* words said and looked for by many rules */ \
  X(NL_DAY, "day") \
  X(NL_DAY_PREFIX, "day-prefix") \
  X(NL_PER_DAY, "per-day") \
  X(NL_MONTH, "month") \
  X(NL_YEAR, "year") \
  X(NL_HOUR, "hour") \
  X(NL_MINUTE, "minute") \
  X(NL_SECOND, "second") \
  X(NL_WEEKDAY, "weekday") \
  X(NL_ORDINAL, "ordinal") \
  X(NL_QUARTER, "quarter") \
  X(NL_RANGE_TO, "range-to") \
  X(NL_FROM, "from") \
  X(NL_AND, "and") \
  X(NL_PER, "per") \
  X(NL_DECIMAL, "decimal") \
  X(NL_MINUS, "minus") \
  X(NL_TIME_ZONE, "time-zone") \
  X(NL_TONNE, "tonne") \
  X(NL_LETTER_D, "letter-d") \
  X(NL_NUMBER_WORD, "number-word") \
  /* counting and measuring */ \
  X(NL_COUNTED, "counted") \
  X(NL_COUNT_BEFORE, "count-before") \
  X(NL_FRACTION, "fraction") \
  X(NL_FRACTION_OF, "fraction-of") \
  X(NL_POWER, "power") \
  X(NL_SUBTRACT, "subtract") \
  X(NL_WHOLE, "whole") \
  X(NL_LIST_LABEL, "list-label") \
  X(NL_DENOMINATOR, "denominator") \
  X(NL_NOT_DENOMINATOR, "not-denominator") \
  X(NL_AMOUNT, "amount") \
  X(NL_MONEY, "money") \
  X(NL_SCALE, "scale") \
  X(NL_NOT_SCALE, "not-scale") \
  X(NL_SCALE_UNIT_LETTER, "scale-unit-letter") \
  X(NL_MEASURE, "measure") \
  X(NL_SECTION, "section") \
  X(NL_TOTAL, "total") \
  X(NL_CODE_LABEL, "code-label") \
  X(NL_DOC_NAME, "doc-name") \
  X(NL_PAGE, "page") \
  X(NL_RATIO, "ratio") \
  X(NL_UNIT_LABEL, "unit-label") \
  X(NL_SERIAL_BEFORE, "serial-before") \
  /* dates and times */ \
  X(NL_NOT_DATE, "not-date") \
  X(NL_LANE, "lane") \
  X(NL_STREET, "street") \
  X(NL_SCHEDULE, "schedule") \
  X(NL_PERIOD, "period") \
  X(NL_DATE_BEFORE, "date-before") \
  X(NL_DATE_SAID, "date-said") \
  X(NL_DAY_NAMING, "day-naming") \
  X(NL_DAY_NAME, "day-name") \
  X(NL_DAY_LIST_START, "day-list-start") \
  X(NL_DAY_JOIN, "day-join") \
  X(NL_LIST_JOIN, "list-join") \
  X(NL_DATE_TO_FILLER, "date-to-filler") \
  X(NL_NOW, "now") \
  X(NL_TODAY, "today") \
  X(NL_RELATIVE_DAY, "relative-day") \
  X(NL_YEAR_NAMED, "year-named") \
  X(NL_MONTHLY, "monthly") \
  X(NL_LUNAR, "lunar") \
  X(NL_AT_TIME, "at-time") \
  X(NL_G_HOUR_AFTER, "g-hour-after") \
  X(NL_DAY_PART, "day-part") \
  X(NL_DATELIST, "datelist") \
  X(NL_WEEKDAY_BEFORE, "weekday-before") \
  X(NL_T_PLACE, "t-place") \
  X(NL_RANGE_SAME, "range-same") \
  X(NL_RANGE_NUMBERED, "range-numbered") \
  X(NL_DURATION, "duration") \
  X(NL_ABOUT, "about") \
  /* numbers to dial or copy */ \
  X(NL_DIAL, "dial") \
  X(NL_DIAL_ROAD, "dial-road") \
  X(NL_CODE, "code") \
  X(NL_ID_FILLER, "id-filler") \
  X(NL_PLATE, "plate") \
  X(NL_REACH_FILLER, "reach-filler") \
  X(NL_NOT_REACH, "not-reach") \
  X(NL_CALL, "call") \
  X(NL_NOT_CALL, "not-call") \
  X(NL_SMS, "sms") \
  X(NL_SEND, "send") \
  X(NL_DIAL_JOIN, "dial-join") \
  X(NL_SOS_CALL, "sos-call") \
  X(NL_SOS_SERVICE, "sos-service") \
  X(NL_SOS_BEFORE, "sos-before") \
  X(NL_SOS_REACH, "sos-reach") \
  X(NL_SOS_THEN, "sos-then") \
  /* words, Roman numerals, signs, addresses */ \
  X(NL_ROMAN_AFTER, "roman-after") \
  X(NL_ROMAN_NOT_AFTER, "roman-not-after") \
  X(NL_ROMAN_ORDINAL, "roman-ordinal") \
  X(NL_ROMAN_JOIN, "roman-join") \
  X(NL_ALTERNATIVE, "alternative") \
  X(NL_BODY, "body") \
  X(NL_DASH_TERM, "dash-term") \
  X(NL_IN_WORDS, "in-words") \
  X(NL_LOAD, "load") \
  X(NL_LEGAL_POINT, "legal-point") \
  X(NL_TLD, "tld") \
  X(NL_URL_SCHEME, "url-scheme")

#define NZ_LIST_ID(id, name) id,
typedef enum { NZ_LISTS(NZ_LIST_ID) NL_COUNT } nz_list_id;
#undef NZ_LIST_ID

#endif
