"""The query language: one parser for every backend, turning what a journalist types into a tree.

Syntax
------
- ``مفاوضات نووية`` — both words; AND is implied between items (``AND`` may also be written).
- ``فيينا OR جنيف`` — either. Lowercase ``or``, ``and``, ``not`` between two items are the operators
  too (``فيينا or جنيف``), and so is Arabic ``أو`` (a stop word nobody can search unquoted); first,
  last or next to another operator they are words.
- ``عراقجي NEAR/5 موسكو`` (Arabic ``قرب/5``, lowercase ``near/5``; ``NEAR`` alone is ``NEAR/10``) — both
  sides at most 5 words apart, in either order, words counted as typed, stop words included. A side
  is a word (its form with clitics و ف ب ل ك ال لل), a phrase, ``exact:word`` or an OR of them;
  ``a OR b NEAR/5 c`` is ``(a OR b) NEAR/5 c``. One NEAR per group (search.query.near, docs/adr/0043).
- ``( … )`` — grouping: ``(a b) OR c``.
- ``-فيينا`` or ``NOT فيينا`` — leave out a word, phrase, group or field filter (``-`` with no space
  after it; a hyphen inside a word, ``ما-بعد``, is part of the word). ``--a`` is ``a``.
- ``"البرنامج النووي"`` — these words next to each other; also “…”, „…“, «…» and »…«.
- ``exact:بالمفاوضات`` — this form only, unstemmed; ``exact:"a b"`` is the same as ``"a b"``.
- ``name:سلمان`` / ``word:سلمان`` (Arabic ``اسم:`` / ``كلمة:``) — read one word as a name (its form as
  typed, with clitics: وسلمان, لسلمان, never السلم) or as a word (its stems). Without them a word the
  name lexicon knows is read as a name, unless it is also a common word (حسن, أمين, عمر) and nothing in
  the query says person (docs/adr/0036, search.names.reading).
- ``title:نفط`` / ``title:"ولي العهد"`` / ``title:(نفط OR غاز)`` (Arabic ``عنوان:``) — words, phrases and
  prefixes in the headline only, analysed as everywhere else; ``-title:x`` leaves out articles with x in
  the headline. No field filter or date inside ``title:`` (``not_words``). (docs/adr/0042)
- ``سعود*`` — a prefix: any word whose normalized form, a clitic (و ف ب ل ك, ال) set aside, starts so
  (السعودية, والسعودي, سعودي; not مسعود). Two letters or more, ال not counted (``prefix_too_short``);
  a star inside a word (``a*b``) or alone is text.
- ``author:رويترز`` / ``author:"هشام لاشين"`` (Arabic ``كاتب:``) — the byline, whole or any part of it
  (writer, agency, city), compared folded like facet values; articles without a byline never match.
- ``person:`` ``country:`` ``place:`` ``region:`` ``topic:`` ``source:`` — facet filters. Quote
  a value of several words, ``person:"عباس عراقجي"``: unquoted, a value runs to the next space, so
  ``person:عباس عراقجي`` is person عباس AND the word عراقجي.
- ``date:2025`` ``date:2025-04`` ``date:2025-04-03`` — a whole year, month or day of publication;
  ``date:2025-04..2025-05`` is inclusive (April 1st to May 31st); ``date:2025..`` and
  ``date:..2025-05`` are open-ended. Digits may be Arabic-Indic (``date:٢٠٢٥-٠٤``); ``/`` may
  stand for ``-`` and ``…`` for ``..``.

Precedence: OR binds tighter than NEAR, NEAR than AND; OR tighter than AND (Google style), so
``a b OR c`` is ``a AND (b OR c)``;
``-`` and ``NOT`` bind tightest: ``-a OR b`` is ``(NOT a) OR b``.

Field names are ASCII letters in any case (``Person:``), or these Arabic names:
شخص (person), بلد / دولة (country), مكان (place), منطقة (region), موضوع (topic), مصدر (source),
تاريخ (date), حرفي (exact), عنوان (title), كاتب (author); دوله and منطقه are accepted too.

Only a known field name before a colon makes a field. A colon elsewhere is part of a word: a time
``12:30``, a URL ``https://example.com`` (an ASCII name followed by ``://``), an Arabic word such as
``قال:``. An unknown ASCII name (``foo:bar``) is an error listing the known fields, because it is
almost always a mistyped field; to search for such text, quote it: ``"foo:bar"``.

A quote opened with one of " “ ” „ ‟ closes at the next of them; « and » close each other; so a
phrase can hold the other kind: «قال "لا"». Invisible direction marks (RLM, LRM, ALM…) copied from
Arabic pages count as spaces. To search for the words OR, AND or NOT (in any case), quote them.

Common words (Lucene's Arabic stop words: في, من, على …) are left out of unquoted words, and the result
says which (search.query.common_words); a query of common words only is searched as written.

Errors are `QuerySyntaxError` with a stable `code`: unbalanced_quote, unbalanced_paren, lone_minus,
dangling_not, dangling_or, dangling_and, unknown_field, empty_value, empty_phrase, empty_group,
bad_date, one_word, too_deep, bad_near, dangling_near, near_chain, bad_near_side, near_too_wide,
prefix_too_short, not_words; and, for a query past the bounds every engine can take (search/query/limits.py:
2,000 characters, 100 terms, 40 exclusions, 12 levels of groups), too_long, too_many_terms,
too_many_negations, too_nested. `parse` raises nothing else.
"""

from __future__ import annotations

from search.query.errors import QuerySyntaxError
from search.query.fields import ARABIC_ALIASES, FIELDS
from search.query.parser import parse
from search.query.serialize import to_text
from search.query.tree import positive_terms, split_filters

__all__ = ["ARABIC_ALIASES", "FIELDS", "QuerySyntaxError", "parse", "positive_terms", "split_filters",
           "to_text"]
