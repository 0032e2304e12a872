"""Count messages ("3 results", "٣ نتائج") with the plural rules of CLDR, for pages, CLI and e-mail.

Why: a count is not a number glued to a noun. Arabic has six plural categories (CLDR: zero, one,
two, few, many, other) and each takes its own wording — "نتيجة واحدة", "نتيجتان", "٣ نتائج",
"١١ نتيجة", "١٠٠ نتيجة" — and English says "1 result" but "2 results". The category of a number
comes from babel's CLDR data (`Locale.plural_form`), not from hand-written rules, so 101 (other),
103 (few) and 111 (many) are right without us knowing why. The wordings are one table here so
the web pages (search.web.i18n), the terminal (search.terminal) and the alert digest speak alike;
a missing category falls back to `other`, which every message has.

This module imports no web code: the alert digest (search.alerts) can use `count_message` as is.
"""

from __future__ import annotations

from functools import cache, lru_cache

from babel import Locale

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

# key → language → CLDR category → wording; `{n}` is the number in the reader's digits.
COUNT_MESSAGES: dict[str, dict[str, dict[str, str]]] = {
    "results": {
        "ar": {"zero": "لا نتائج", "one": "نتيجة واحدة", "two": "نتيجتان", "few": "{n} نتائج",
               "many": "{n} نتيجة", "other": "{n} نتيجة"},
        "en": {"one": "{n} result", "other": "{n} results"},
    },
    "articles": {
        "ar": {"zero": "لا مقالات", "one": "مقالة واحدة", "two": "مقالتان", "few": "{n} مقالات",
               "many": "{n} مقالة", "other": "{n} مقالة"},
        "en": {"one": "{n} article", "other": "{n} articles"},
    },
    "articles_in_archive": {
        "ar": {"zero": "لا مقالات في الأرشيف", "one": "مقالة واحدة في الأرشيف", "two": "مقالتان في الأرشيف",
               "few": "{n} مقالات في الأرشيف", "many": "{n} مقالة في الأرشيف", "other": "{n} مقالة في الأرشيف"},
        "en": {"one": "{n} article in the archive", "other": "{n} articles in the archive"},
    },
    "alerts": {
        "ar": {"zero": "لا تنبيهات", "one": "تنبيه واحد", "two": "تنبيهان", "few": "{n} تنبيهات",
               "many": "{n} تنبيهًا", "other": "{n} تنبيه"},
        "en": {"one": "{n} alert", "other": "{n} alerts"},
    },
    "new_alerts": {  # the e-mail digest's subject: "باحث: تنبيهان جديدان — …"
        "ar": {"zero": "لا تنبيهات جديدة", "one": "تنبيه جديد واحد", "two": "تنبيهان جديدان",
               "few": "{n} تنبيهات جديدة", "many": "{n} تنبيهًا جديدًا", "other": "{n} تنبيه جديد"},
        "en": {"one": "{n} new alert", "other": "{n} new alerts"},
    },
    "more_alerts": {  # the digest's "… and N more in the feed"
        "ar": {"zero": "لا تنبيهات أخرى", "one": "تنبيه آخر", "two": "تنبيهان آخران", "few": "{n} تنبيهات أخرى",
               "many": "{n} تنبيهًا آخر", "other": "{n} تنبيه آخر"},
        "en": {"one": "{n} more alert", "other": "{n} more alerts"},
    },
    "new_articles": {
        "ar": {"zero": "لا مقالات جديدة", "one": "مقالة جديدة واحدة", "two": "مقالتان جديدتان",
               "few": "{n} مقالات جديدة", "many": "{n} مقالة جديدة", "other": "{n} مقالة جديدة"},
        "en": {"one": "{n} new article", "other": "{n} new articles"},
    },
    "saved_searches": {
        "ar": {"zero": "لا عمليات بحث محفوظة", "one": "بحث محفوظ واحد", "two": "بحثان محفوظان",
               "few": "{n} عمليات بحث محفوظة", "many": "{n} بحثًا محفوظًا", "other": "{n} بحث محفوظ"},
        "en": {"one": "{n} saved search", "other": "{n} saved searches"},
    },
    "characters": {  # a saved search's name that is too long
        "ar": {"zero": "لا حروف", "one": "حرف واحد", "two": "حرفان", "few": "{n} أحرف",
               "many": "{n} حرفًا", "other": "{n} حرف"},
        "en": {"one": "{n} character", "other": "{n} characters"},
    },
    "stories": {  # folded results: "120 results in 95 stories"
        "ar": {"zero": "لا قصص", "one": "قصة واحدة", "two": "قصتان", "few": "{n} قصص",
               "many": "{n} قصة", "other": "{n} قصة"},
        "en": {"one": "{n} story", "other": "{n} stories"},
    },
    "copies": {  # a folded row: "+8 copies"
        "ar": {"zero": "لا نسخ أخرى", "one": "نسخة أخرى", "two": "نسختان أخريان", "few": "{n} نسخ أخرى",
               "many": "{n} نسخة أخرى", "other": "{n} نسخة أخرى"},
        "en": {"one": "+{n} copy", "other": "+{n} copies"},
    },
    "versions": {  # the story page: "3 versions in 3 outlets"
        "ar": {"zero": "لا نسخ", "one": "نسخة واحدة", "two": "نسختان", "few": "{n} نسخ",
               "many": "{n} نسخة", "other": "{n} نسخة"},
        "en": {"one": "{n} version", "other": "{n} versions"},
    },
    "outlets": {  # "… in 6 outlets"
        "ar": {"zero": "في لا منفذ", "one": "في منفذ واحد", "two": "في منفذين", "few": "في {n} منافذ",
               "many": "في {n} منفذًا", "other": "في {n} منفذ"},
        "en": {"one": "in {n} outlet", "other": "in {n} outlets"},
    },
    "mentions": {  # the article page: how often the text names a person, place or country
        "ar": {"zero": "لا مواضع", "one": "موضع واحد", "two": "موضعان", "few": "{n} مواضع",
               "many": "{n} موضعًا", "other": "{n} موضع"},
        "en": {"one": "{n} mention", "other": "{n} mentions"},
    },
}


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def plural_category(n: int, lang: str) -> str:
    """The CLDR plural category of `n` in `lang`: zero, one, two, few, many or other."""
    return _category(abs(n), lang)


@lru_cache(maxsize=4096)
def _category(n: int, lang: str) -> str:
    # babel evaluates the CLDR rule in Python (~0.4 ms for Arabic's six categories); a results page asks
    # for some sixty counts, mostly the same small numbers, so the answers are kept
    return _locale(lang).plural_form(n)


def format_number(n: int, digits: str = "latn") -> str:
    """`n` with thousands grouped, in Latin digits (12,345) or Arabic-Indic ones (١٢٬٣٤٥) for "arab"."""
    grouped = f"{n:,}"
    if digits == "arab":
        return grouped.replace(",", "٬").translate(ARABIC_INDIC)
    return grouped


def count_message(key: str, n: int, lang: str = "en", digits: str = "latn") -> str:
    """The wording of `n` things of kind `key` in `lang`, the number in `digits` ("arab" or "latn").

    An unknown `key` or language is a programming error and raises KeyError naming it, rather than
    printing a half-translated line.
    """
    try:
        forms = COUNT_MESSAGES[key][lang]
    except KeyError:
        raise KeyError(f"no count message {key!r} in language {lang!r}") from None
    wording = forms.get(plural_category(n, lang)) or forms["other"]
    return wording.format(n=format_number(n, digits))
