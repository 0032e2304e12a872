"""The notice a search gives when common (stop) words were left out or were all the query held.

One wording for the page, the CLI and the API's readers, plural-correct by CLDR's categories as
search.counts does: one word is "a common word" and "quote it", two are a dual in Arabic
(كلمتان … ضعهما), more are a plural. The words are listed, not counted, so the category is that of
how many there are. See search.query.common_words for what is done with the words.
"""

from __future__ import annotations

from collections.abc import Sequence

from search.counts import plural_category

# kind → language → CLDR category → wording; a missing category falls back to `other`
NOTICES: dict[str, dict[str, dict[str, str]]] = {
    "left_out": {
        "ar": {"one": "كلمة شائعة لم يُبحث عنها: {words}. ضعها بين علامتي تنصيص للبحث عنها.",
               "two": "كلمتان شائعتان لم يُبحث عنهما: {words}. ضعهما بين علامتي تنصيص للبحث عنهما.",
               "other": "كلمات شائعة لم يُبحث عنها: {words}. ضعها بين علامتي تنصيص للبحث عنها."},
        "en": {"one": "Common word left out: {words}. Quote it to search for it.",
               "other": "Common words left out: {words}. Quote them to search for them."},
    },
    "as_written": {
        "ar": {"one": "كلمة البحث شائعة ({words})، فبُحث عنها كما كُتبت.",
               "two": "كلمتا البحث شائعتان ({words})، فبُحث عنهما كما كُتبتا.",
               "other": "كل كلمات البحث شائعة ({words})، فبُحث عنها كما كُتبت."},
        "en": {"one": "The one word of the search is a common word ({words}): searched as written.",
               "other": "Every word of the search is a common word ({words}): searched as written."},
    },
}
SEPARATOR = {"ar": "، ", "en": ", "}  # babel's list patterns would glue و to و-like common words


def common_words_notice(left_out: Sequence[str], as_written: Sequence[str], lang: str) -> str | None:
    """The notice in `lang` ("ar" or "en"), or None when no common word was dropped or searched as written."""
    kind, words = ("as_written", as_written) if as_written else ("left_out", left_out)
    if not words:
        return None
    forms = NOTICES[kind][lang]
    wording = forms.get(plural_category(len(words), lang)) or forms["other"]
    return wording.format(words=SEPARATOR[lang].join(words))
