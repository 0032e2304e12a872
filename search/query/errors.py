"""The one error a query can raise, with the wording users see in both languages.

The CLI and the web page show `message` or `message_ar` and the caret line; scripts and the JSON
API key on `code`, which is why codes never change once published. Each constructor below is the
only place its wording lives, so the English and Arabic texts cannot drift apart.
"""

from __future__ import annotations

import unicodedata

from search.query.fields import AR_FIELD_LIST, EN_FIELD_LIST


class QuerySyntaxError(Exception):
    """A query that cannot be read; `position` is a 0-based character offset into `query`."""

    def __init__(self, code: str, position: int, query: str, message: str, message_ar: str):
        super().__init__(message)
        self.code = code
        self.position = position
        self.query = query
        self.message = message
        self.message_ar = message_ar

    def caret(self) -> str:
        """The line of the query holding the error, and a `^` under the offending character.

        The caret column counts display cells (combining marks such as harakat take none), in
        logical order: a terminal that reorders right-to-left text on screen may show the caret
        mirrored, which is why the message also names the position.
        """
        start = self.query.rfind("\n", 0, self.position) + 1
        end = self.query.find("\n", self.position)
        line = self.query[start:] if end < 0 else self.query[start:end]
        shown = "".join(" " if _is_control(c) else c for c in line)
        column = sum(_width(c) for c in shown[: self.position - start])
        return f"{shown}\n{' ' * column}^"


def _is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc"


def _width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _error(code: str, position: int, query: str, en: str, ar: str) -> QuerySyntaxError:
    return QuerySyntaxError(code, position, query, en, ar)


def unbalanced_quote(query: str, position: int) -> QuerySyntaxError:
    q = query[position]
    return _error("unbalanced_quote", position, query,
                  f"unbalanced quote: the {q} at position {position} is never closed",
                  f"علامة تنصيص غير مغلقة: العلامة {q} في الموضع {position} لم تُغلق")


def unclosed_paren(query: str, position: int) -> QuerySyntaxError:
    return _error("unbalanced_paren", position, query,
                  f"unbalanced parenthesis: the ( at position {position} is never closed",
                  f"قوس غير متوازن: القوس ( في الموضع {position} لم يُغلق")


def stray_paren(query: str, position: int) -> QuerySyntaxError:
    return _error("unbalanced_paren", position, query,
                  f"unbalanced parenthesis: the ) at position {position} has no matching (",
                  f"قوس غير متوازن: القوس ) في الموضع {position} لا يقابله قوس فتح (")


def too_deep(query: str, position: int, limit: int) -> QuerySyntaxError:
    return _error("too_deep", position, query,
                  f"too deeply nested: the ( at position {position} opens more than {limit} levels of "
                  "parentheses",
                  f"تداخل عميق جدًا: القوس ( في الموضع {position} يتجاوز {limit} مستوى من الأقواس")


def too_long(query: str, limit: int) -> QuerySyntaxError:
    return _error("too_long", limit, query,
                  f"query too long: {len(query)} characters, at most {limit} are allowed",
                  f"الاستعلام طويل جدًا: {len(query)} حرفًا، والحد الأقصى {limit}")


def too_many_terms(query: str, position: int, limit: int) -> QuerySyntaxError:
    return _error("too_many_terms", position, query,
                  f"too many terms: the item at position {position} is one more than the {limit} words, "
                  "phrases and fields a query may hold",
                  f"كلمات كثيرة جدًا: العنصر في الموضع {position} يتجاوز الحد الأقصى وهو {limit} من الكلمات "
                  "والعبارات والحقول في الاستعلام")


def too_many_negations(query: str, position: int, limit: int) -> QuerySyntaxError:
    return _error("too_many_negations", position, query,
                  f"too many exclusions: the - or NOT at position {position} is one more than the {limit} "
                  "a query may hold",
                  f"استبعادات كثيرة جدًا: علامة - أو NOT في الموضع {position} تتجاوز الحد الأقصى وهو {limit}")


def too_nested(query: str, limit: int) -> QuerySyntaxError:
    return _error("too_nested", 0, query,
                  f"too complex: the query nests AND, OR and NOT groups more than {limit} levels deep",
                  f"استعلام معقد جدًا: تتداخل فيه مجموعات AND وOR وNOT أكثر من {limit} مستوى")


def empty_group(query: str, position: int) -> QuerySyntaxError:
    return _error("empty_group", position, query,
                  f"empty group: the parentheses at position {position} enclose nothing",
                  f"مجموعة فارغة: القوسان في الموضع {position} لا يحيطان بشيء")


def empty_phrase(query: str, position: int) -> QuerySyntaxError:
    return _error("empty_phrase", position, query,
                  f"empty phrase: the quotes at position {position} enclose nothing",
                  f"عبارة فارغة: علامتا التنصيص في الموضع {position} لا تحيطان بشيء")


def lone_minus(query: str, position: int) -> QuerySyntaxError:
    return _error("lone_minus", position, query,
                  f"lone minus: the - at position {position} is not attached to a word, phrase, group or "
                  "field; write -word with no space to leave a word out",
                  f"علامة ناقص منفردة: العلامة - في الموضع {position} غير ملتصقة بكلمة أو عبارة أو مجموعة "
                  "أو حقل؛ اكتب -كلمة دون مسافة لاستبعاد كلمة")


def dangling_not(query: str, position: int) -> QuerySyntaxError:
    return _error("dangling_not", position, query,
                  f"dangling NOT: the NOT at position {position} is not followed by anything to leave out",
                  f"NOT معلقة: كلمة NOT في الموضع {position} لا يتبعها شيء لاستبعاده")


def dangling_operator(query: str, position: int, operator: str, side: str) -> QuerySyntaxError:
    """`operator` is "OR" or "AND"; `side` is "left" or "right" — where the missing item is."""
    side_ar = "قبلها" if side == "left" else "بعدها"
    return _error(f"dangling_{operator.lower()}", position, query,
                  f"dangling {operator}: the {operator} at position {position} has nothing on its {side}",
                  f"{operator} معلقة: كلمة {operator} في الموضع {position} ليس {side_ar} شيء")


def unknown_field(query: str, position: int, name: str) -> QuerySyntaxError:
    return _error("unknown_field", position, query,
                  f'unknown field "{name}:" at position {position}; known fields: {EN_FIELD_LIST} '
                  "(put the text in quotes to search for it as written)",
                  f'حقل غير معروف "{name}:" في الموضع {position}؛ الحقول المعروفة: {AR_FIELD_LIST} '
                  "(ضع النص بين علامتي تنصيص للبحث عنه كما هو)")


def empty_value(query: str, position: int, field: str) -> QuerySyntaxError:
    return _error("empty_value", position, query,
                  f"empty value: {field}: needs a value right after the colon, at position {position}, "
                  f'e.g. {field}:word or {field}:"two words"',
                  f"قيمة فارغة: الحقل {field}: يحتاج قيمة بعد النقطتين مباشرة، في الموضع {position}، "
                  f'مثل {field}:كلمة أو {field}:"كلمتان"')


def name_reading_one_word(query: str, position: int, field: str) -> QuerySyntaxError:
    return _error("one_word", position, query,
                  f"{field}: takes one word, at position {position}: write {field}:سلمان, or one {field}: per word "
                  f"({field}:عادل {field}:الجبير); for words next to each other use quotes without {field}:",
                  f"الحقل {field}: يأخذ كلمة واحدة، في الموضع {position}: اكتب {field}:سلمان، أو {field}: لكل كلمة؛ "
                  f"وللكلمات المتجاورة استعمل علامتي التنصيص وحدهما")


def bad_date(query: str, position: int, value: str, why: str, why_ar: str) -> QuerySyntaxError:
    return _error("bad_date", position, query,
                  f'bad date "{value}" at position {position}: {why}; write date:2025, date:2025-04, '
                  "date:2025-04-03, a range such as date:2025-04..2025-05, date:2025.. or date:..2025-05, "
                  "or a relative date: date:today, date:last-7d, date:this-month",
                  f'تاريخ غير صالح "{value}" في الموضع {position}: {why_ar}؛ اكتب date:2025 أو '
                  "date:2025-04 أو date:2025-04-03 أو نطاقًا مثل date:2025-04..2025-05 أو date:2025.. "
                  "أو date:..2025-05، أو تاريخًا نسبيًا: تاريخ:اليوم أو تاريخ:آخر-7-أيام أو تاريخ:هذا-الشهر")


def bad_near_distance(query: str, position: int, run: str, limit: int) -> QuerySyntaxError:
    return _error("bad_near", position, query,
                  f'bad distance in "{run}" at position {position}: NEAR/ takes a number of words from 1 to {limit}, '
                  "e.g. A NEAR/5 B (NEAR alone is NEAR/10)",
                  f'مسافة غير صالحة في "{run}" في الموضع {position}: يأخذ NEAR/ أو قرب/ عدد كلمات من 1 إلى {limit}، '
                  "مثل أ قرب/5 ب (وNEAR وحدها تعني NEAR/10)")


def dangling_near(query: str, position: int, side: str) -> QuerySyntaxError:
    """`side` is "left" or "right" — where the missing word is."""
    side_ar = "قبلها" if side == "left" else "بعدها"
    return _error("dangling_near", position, query,
                  f"dangling NEAR: the NEAR at position {position} has nothing on its {side}; "
                  "write A NEAR/5 B",
                  f"NEAR معلقة: كلمة القرب في الموضع {position} ليس {side_ar} شيء؛ اكتب أ قرب/5 ب")


def bad_near_side(query: str, position: int, why: str) -> QuerySyntaxError:
    """`why` is "near" for a chain (A NEAR B NEAR C), "other" for an exclusion, a field or an AND group."""
    if why == "near":
        return _error("near_chain", position, query,
                      f"one NEAR at a time: the NEAR at position {position} follows another; "
                      "write (A NEAR/3 B) (B NEAR/3 C) for a chain",
                      f"قرب واحدة في كل مرة: كلمة القرب في الموضع {position} تتبع أخرى؛ "
                      "اكتب (أ قرب/3 ب) (ب قرب/3 ج) للسلسلة")
    return _error("bad_near_side", position, query,
                  f"NEAR at position {position} joins two words, phrases or (A OR B) groups, "
                  "not an exclusion, a field, a date or an AND group",
                  f"كلمة القرب في الموضع {position} تربط كلمتين أو عبارتين أو مجموعتي (أ OR ب)، "
                  "لا استبعادًا ولا حقلًا ولا تاريخًا ولا مجموعة AND")


def too_many_near_forms(query: str, position: int, words: int) -> QuerySyntaxError:
    return _error("near_too_wide", position, query,
                  f"too many words around the NEAR at position {position}: the words ORed on one side times "
                  f"those on the other may be at most {words} (e.g. (a OR b) NEAR/5 (c OR d)); split the search",
                  f"كلمات كثيرة جدًا حول كلمة القرب في الموضع {position}: حاصل ضرب عدد الكلمات المربوطة بـ OR "
                  f"في أحد الطرفين في عددها في الآخر لا يتجاوز {words} (مثل (أ OR ب) قرب/5 (ج OR د))؛ قسّم البحث")
