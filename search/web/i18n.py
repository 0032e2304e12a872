"""Interface strings in Arabic and English, the language choice, and digit shaping.

Kept in one table rather than gettext catalogues: two languages, a few dozen strings, and a
newsroom that overrides a template can read every label it may need right here.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from babel.core import parse_locale

from search import counts
from search.facets import all_facets

LANGUAGES = ("ar", "en")
DEFAULT_ARCHIVE_LANGUAGE = "ar"
ENV_ARCHIVE_LANGUAGE = "BAHITH_ARCHIVE_LANGUAGE"
DIGIT_STYLES = ("arab", "latn")
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

STRINGS: dict[str, dict[str, str]] = {
    "app_name": {"ar": "باحث", "en": "Bahith"},
    "tagline": {"ar": "بحث في أرشيف الأخبار", "en": "Search the news archive"},
    "search": {"ar": "ابحث", "en": "Search"},
    "query_label": {"ar": "كلمات البحث", "en": "Search words"},
    "showing": {"ar": "عرض {first}–{last}", "en": "showing {first}–{last}"},
    "no_results": {"ar": "لا نتائج", "en": "No results"},
    "in_stories": {"ar": "· عدد القصص: {n}", "en": "in {stories}"},  # Arabic: "في" would decline the noun
    "show_all_copies": {"ar": "عرض كل النسخ", "en": "show every copy"},
    "fold_copies": {"ar": "قصة واحدة لكل مجموعة نسخ", "en": "one row per story"},
    "story_lead": {"ar": "نُشرت أولًا في", "en": "first in"},
    # the story page (search/web/story.py)
    "story": {"ar": "قصة", "en": "Story"},
    "story_first_in": {"ar": "نُشرت أولًا في", "en": "first in"},
    "story_list_copies": {"ar": "اعرض نسخها في نتائج البحث", "en": "list its copies in search results"},
    "story_lead_version": {"ar": "الأصل", "en": "Lead"},
    "story_copy_version": {"ar": "نسخة", "en": "Copy"},
    "story_no_outlet": {"ar": "مصدر غير معروف", "en": "no outlet"},
    "story_lead_text": {"ar": "نص الأصل", "en": "The lead's text"},
    "story_unchanged": {"ar": "نص الأصل بلا تغيير", "en": "The lead's text, unchanged"},
    "story_copy_missing": {"ar": "تعذّرت قراءة نص هذه النسخة", "en": "This copy's text could not be read"},
    "story_changes": {"ar": "ما غيّرته هذه النسخة عن الأصل", "en": "What this copy changed from the lead"},
    "story_added": {"ar": "أُضيفت", "en": "added"},
    "story_removed": {"ar": "حُذفت", "en": "removed"},
    "story_edited": {"ar": "عُدّلت", "en": "edited"},
    "story_entities": {"ar": "أسماء القصة", "en": "The story's names"},
    "story_entities_hint": {"ar": "الأشخاص والأماكن في نسخ القصة؛ الرقم عدد النسخ التي تذكرها",
                            "en": "People and places in the story's copies; the number is how many copies name them"},
    "story_page": {"ar": "صفحة القصة", "en": "the story's page"},
    "story_of_article": {"ar": "نشرت هذه القصة {n}", "en": "This story ran {n}"},
    "story_not_found": {"ar": "لا توجد قصة بهذا المعرف", "en": "No story with this id"},
    "page_past_the_end": {"ar": "الصفحة {page} بعد آخر صفحة من النتائج (الصفحة {last}).",
                          "en": "Page {page} is past the last page of results (page {last})."},
    "last_page": {"ar": "الصفحة الأخيرة ({last})", "en": "the last page ({last})"},
    "first_page": {"ar": "الصفحة الأولى", "en": "the first page"},
    # the common-words notice is plural-correct: search.common_words_notice
    "read_as_names": {"ar": "قُرئت أسماءً (بصيغتها مع و ب ل ف ك فقط): {words}.",
                      "en": "Read as names (their own form with و ب ل ف ك only): {words}."},
    "read_as_words": {"ar": "أسماء هي أيضا كلمات، قُرئت كلمات لغياب قرينة شخص: {words}.",
                      "en": "Names that are also words, read as words for want of a person cue: {words}."},
    "spelling_variants": {"ar": "أُضيفت كتابات أخرى للاسم وردت في الأرشيف:",
                          "en": "Other spellings of the name found in the archive were added:"},
    "also": {"ar": "وأيضا", "en": "also"},
    "recall_readings": {"ar": "بُحث أيضا عن قراءة يستعملها الأرشيف أكثر، ونتائجها بعد نتائج الكلمة كما كُتبت:",
                        "en": "Also searched, as the archive uses it more (ranked below the word as typed):"},
    "variants_off": {"ar": "ابحث بالكتابة المكتوبة وحدها", "en": "search only the spelling typed"},
    "variants_were_off": {"ar": "بُحث عن الأسماء بكتابتها المكتوبة وحدها.", "en": "Names searched only as typed."},
    "variants_on": {"ar": "أضف كتاباتها الأخرى", "en": "add their other spellings"},
    "search_as_word": {"ar": "ابحث عن «{word}» كلمةً", "en": "search «{word}» as a word"},
    "search_as_name": {"ar": "ابحث عن «{word}» اسمًا", "en": "search «{word}» as a name"},
    "try_without": {"ar": "جرّب بدون هذا المرشح", "en": "try without this filter"},
    "try_fewer_words": {"ar": "جرّب كلمات أقل أو أعم", "en": "try fewer or broader words"},
    "all_names_offer": {"ar": "{n} أخرى تذكره باسم آخر من أسمائه:",
                        "en": "{n} not in these results name this person otherwise:"},
    "all_names_search": {"ar": "ابحث بكل أسماء {v}", "en": "search every name of {v}"},
    "latin_read_as": {"ar": "قُرئت الكلمات اللاتينية أسماءً عربية:", "en": "Latin words read as Arabic names:"},
    "latin_as_typed": {"ar": "ابحث عنها كما كُتبت", "en": "search for them as typed"},
    "list_sep": {"ar": "، ", "en": ", "},
    "broader_intro": {"ar": "لا مقال فيه كل هذه الكلمات معًا. يمكنك:",
                      "en": "No article holds all of these words. You can:"},
    "broader_any_words": {"ar": "البحث عن أيٍّ من هذه الكلمات (أو)، والأكثر تطابقًا أولًا",
                          "en": "Search for any of these words (OR), the best matches first"},
    "broader_like_text": {"ar": "البحث عن مقالات تشبه هذا النص", "en": "Find articles like this text"},
    "query_error": {"ar": "تعذّر فهم البحث", "en": "The search could not be read"},
    "filter_error": {"ar": "تعذّر تطبيق المرشح", "en": "The filter could not be applied"},
    "engine_error": {"ar": "محرك البحث لا يجيب", "en": "The search engine did not answer"},
    "sort": {"ar": "الترتيب", "en": "Sort"},
    "sort_relevance": {"ar": "الأكثر صلة", "en": "Relevance"},
    "sort_newest": {"ar": "الأحدث", "en": "Newest"},
    "sort_relevant-recent": {"ar": "الأحدث من الأكثر صلة", "en": "Newest relevant"},
    "sort_oldest": {"ar": "الأقدم", "en": "Oldest"},
    # facet headings (facet_person …) and entity lists (people …) come from search.facets, below
    "include": {"ar": "اقصر على", "en": "Only"},
    "exclude": {"ar": "استبعد", "en": "Exclude"},
    "include_value": {"ar": "اقصر النتائج على {v}", "en": "Only results with {v}"},
    "exclude_value": {"ar": "استبعد {v}", "en": "Leave out {v}"},
    "remove_filter": {"ar": "أزل المرشح {v}", "en": "Remove filter {v}"},
    "show_more": {"ar": "المزيد", "en": "Show more"},
    "show_less": {"ar": "أقل", "en": "Show less"},
    "find_value": {"ar": "ابحث في القائمة", "en": "Find a value"},
    "find": {"ar": "اعثر", "en": "Find"},
    "no_values": {"ar": "لا قيم", "en": "No values"},
    "active_filters": {"ar": "المرشحات", "en": "Filters"},
    # a URL parameter that could not be used (search.web.state.Problem); {field} is the parameter
    "problem_sort": {"ar": "الترتيب أحد أربعة: الأكثر صلة (relevance) أو الأحدث (newest) أو الأقدم (oldest) "
                           "أو الأحدث من الأكثر صلة (relevant-recent)",
                     "en": "sort is one of relevance, newest, oldest, relevant-recent"},
    "problem_facet": {"ar": "فئة غير معروفة؛ الفئات: {facets}", "en": "unknown facet; known facets: {facets}"},
    "problem_facet_pair": {"ar": "اكتب الفئة:القيمة، والفئة إحدى: {facets}",
                           "en": "write FACET:VALUE with FACET one of {facets}"},
    "problem_whole_number": {"ar": "يجب أن يكون عددًا صحيحًا", "en": "{field} must be a whole number"},
    "problem_between": {"ar": "يجب أن يكون بين {low} و{high}", "en": "{field} must be between {low} and {high}"},
    "problem_day": {"ar": "ليس تاريخًا: اكتب اليوم بالصيغة سنة-شهر-يوم، مثل 2015-07-30",
                    "en": "not a day: write it as YYYY-MM-DD, e.g. 2015-07-30"},
    "problem_dates_reversed": {"ar": "تاريخ البداية {first} بعد تاريخ النهاية {last}، فلا مقال في هذا المدى.",
                               "en": "The first day {first} is after the last day {last}: no article can match."},
    "dates_swap": {"ar": "ابحث من {last} إلى {first}", "en": "Search from {last} to {first} instead"},
    "any_of": {"ar": "أيٌّ من", "en": "any of"},
    "or_between": {"ar": "أو", "en": "or"},
    "any_of_selected": {"ar": "تظهر المقالات التي فيها أيٌّ من القيم المختارة",
                        "en": "Showing articles with any of the selected values"},
    "clear_all": {"ar": "أزل الكل", "en": "Clear all"},
    "dates": {"ar": "التواريخ", "en": "Dates"},
    "from": {"ar": "من", "en": "From"},
    "to": {"ar": "إلى", "en": "To"},
    "apply": {"ar": "طبّق", "en": "Apply"},
    "histogram_title": {"ar": "عدد المقالات حسب التاريخ", "en": "Articles over time"},
    "histogram_title_stories": {"ar": "عدد القصص حسب التاريخ", "en": "Stories over time"},
    "count_stories": {"ar": "عُدّ القصص لا النسخ", "en": "count stories, not copies"},
    "count_articles": {"ar": "عُدّ كل النسخ", "en": "count every copy"},
    "min_outlets_label": {"ar": "اقصر على قصص نشرتها منافذ عددها على الأقل:", "en": "Only stories seen in at least:"},
    "min_outlets_choice": {"ar": "القصص التي نشرها {n} منافذ أو أكثر", "en": "stories seen in {n} or more outlets"},
    "min_outlets_any": {"ar": "أي عدد", "en": "any number"},
    "bar_title": {"ar": "{period}: {n} — اضغط للتصفية", "en": "{period}: {n} — click to filter"},
    "bar_title_empty": {"ar": "{period}: {n}", "en": "{period}: {n}"},
    "previous": {"ar": "السابق", "en": "Previous"},
    "next": {"ar": "التالي", "en": "Next"},
    "page": {"ar": "صفحة", "en": "Page"},
    "pages": {"ar": "الصفحات", "en": "Pages"},
    "untitled": {"ar": "(بلا عنوان)", "en": "(untitled)"},
    "title_from_text": {"ar": "بلا عنوان: أول كلمات المقال", "en": "No headline: the article's first words"},
    "undated": {"ar": "بلا تاريخ", "en": "undated"},
    "original": {"ar": "المصدر الأصلي", "en": "Original article"},
    "author": {"ar": "الكاتب", "en": "Author"},
    "section": {"ar": "القسم", "en": "Section"},
    "outlet": {"ar": "المصدر", "en": "Outlet"},
    "published": {"ar": "النشر", "en": "Published"},
    "more_like_this": {"ar": "مقالات مشابهة", "en": "More like this"},
    "back_to_search": {"ar": "العودة إلى البحث", "en": "Back to search"},
    "home": {"ar": "البحث", "en": "Search"},
    # the entity page (search/web/entity.py)
    "entity_also_written": {"ar": "يُكتب أيضًا", "en": "Also written"},
    "entity_search_articles": {"ar": "ابحث في هذه المقالات", "en": "Search these articles"},
    "entity_with_person": {"ar": "أشخاص يرد ذكرهم معه", "en": "People named with it"},
    "entity_with_country": {"ar": "دول ترد معه", "en": "Countries named with it"},
    "entity_with_place": {"ar": "أماكن ترد معه", "en": "Places named with it"},
    "entity_with_topic": {"ar": "الموضوعات", "en": "Topics"},
    "entity_with_source": {"ar": "المنافذ التي كتبت عنه", "en": "Outlets that wrote about it"},
    "entity_both": {"ar": "مقالات فيها {a} و{b}", "en": "Articles with {a} and {b}"},
    "entity_page_of": {"ar": "صفحته: {v}", "en": "page: {v}"},  # holds the visible text (WCAG 2.5.3)
    "entity_page_short": {"ar": "صفحته", "en": "page"},
    "entity_latest": {"ar": "أحدث المقالات", "en": "Latest articles"},
    "entity_relevant": {"ar": "أكثر المقالات صلة", "en": "Most relevant articles"},
    "entity_corrections": {"ar": "تصحيحات غرفة الأخبار", "en": "The newsroom's corrections"},
    "correction_alias": {"ar": "أسماء أخرى أضيفت", "en": "Other names added"},
    "correction_merge": {"ar": "قيم دُمجت فيه", "en": "Values merged into it"},
    "correction_ignore": {"ar": "مُستبعد من الفئات", "en": "Left out of the facets"},
    "not_found": {"ar": "لا توجد مقالة بهذا المعرف", "en": "No article with this id"},
    "page_not_found": {"ar": "الصفحة غير موجودة", "en": "Page not found"},
    "language": {"ar": "اللغة", "en": "Language"},
    "other_language": {"ar": "English", "en": "العربية"},
    "digits": {"ar": "الأرقام", "en": "Digits"},
    "digits_arab": {"ar": "٠١٢٣", "en": "٠١٢٣"},
    "digits_latn": {"ar": "0123", "en": "0123"},
    "export": {"ar": "تصدير", "en": "Export"},
    "export_csv": {"ar": "CSV", "en": "CSV"},
    "export_jsonl": {"ar": "JSON Lines", "en": "JSON Lines"},
    "export_xlsx": {"ar": "Excel", "en": "Excel"},
    "export_large": {"ar": "تصدير كبير: يُكتب الملف أثناء تنزيله، وقد يستغرق دقيقة أو أكثر، ويعرض المتصفح تقدّمه.",
                     "en": "A large export: the file is written as it downloads; it may take a minute or more, "
                           "and the browser shows its progress."},
    "export_over_cap": {"ar": "يتجاوز هذا البحث حد التصدير في هذا الخادم ({cap})؛ الروابط تصدّر أول {cap} فقط. "
                              "ضيّق البحث لتصدير كل نتائجه.",
                        "en": "This search is over this server's export limit ({cap}); the links export the first "
                              "{cap} only. Narrow the search to export all of it."},
    "save_search": {"ar": "احفظ هذا البحث", "en": "Save this search"},
    "save_name": {"ar": "اسم البحث المحفوظ", "en": "Name of the saved search"},
    "save": {"ar": "احفظ", "en": "Save"},
    "saved_searches": {"ar": "عمليات البحث المحفوظة", "en": "Saved searches"},
    "saved_ok": {"ar": "حُفظ البحث «{name}»", "en": "Saved the search “{name}”"},
    "saved_removed": {"ar": "حُذف البحث «{name}»", "en": "Removed the search “{name}”"},
    "no_saved": {"ar": "لا عمليات بحث محفوظة بعد", "en": "No saved searches yet"},
    "remove": {"ar": "احذف", "en": "Remove"},
    "run": {"ar": "نفّذ", "en": "Run"},
    "feed": {"ar": "خلاصة", "en": "Feed"},
    # saved searches: errors on saving (search.alerts.saved.SavedSearchError.key), the list page, feed tokens
    "saved_name_missing": {"ar": "أعطِ البحث المحفوظ اسمًا", "en": "Give the saved search a name"},
    "saved_name_too_long": {"ar": "الاسم طويل: فيه {count}، والحد الأقصى {most}",
                            "en": "The name is too long: it has {count}; use at most {most}"},
    "saved_name_control": {"ar": "في الاسم حرف تحكم غير مرئي ({code})؛ اكتبه من جديد بدل لصقه",
                           "en": "The name holds an invisible control character ({code}); type it instead of "
                                 "pasting it"},
    "saved_name_taken": {"ar": "يوجد بحث محفوظ باسم «{name}»؛ اختر اسمًا آخر",
                         "en": "A saved search named “{name}” exists already; pick another name"},
    "saved_quota": {"ar": "يحفظ هذا الحساب {count}، وهو أقصى ما يمكنه ({most})؛ احذف واحدًا أولًا",
                    "en": "This account keeps {count}, the most it may keep ({most}); remove one first"},
    "saved_query_error": {"ar": "تعذّر فهم البحث: {detail}", "en": "The search could not be read: {detail}"},
    "saved_plan_error": {"ar": "تعذّر تطبيق المرشح: {detail}", "en": "The filter could not be applied: {detail}"},
    "saved_no_words": {"ar": "البحث «{query}» لا يطلب كلمة يحفظها الفهرس ولا مرشحًا، فسينبّه على كل مقالة جديدة",
                       "en": "The search “{query}” asks for no word the index keeps and no filter: it would alert "
                             "on every new article"},
    "saved_dates_reversed": {"ar": "نطاق التاريخ فارغ: {start} بعد {end}",
                             "en": "The date range is empty: {start} is after {end}"},
    "saved_matches_everything": {"ar": "اكتب كلمات بحث أو اختر مرشحًا واحدًا على الأقل؛ بحث يطابق كل شيء "
                                       "سينبّه على كل مقالة",
                                 "en": "Type search words or choose at least one filter; a search that matches "
                                       "everything would alert on every article"},
    "saved_not_found": {"ar": "لا بحث محفوظ بهذا العنوان", "en": "No saved search at this address"},
    "saved_cli_only": {"ar": "البحث «{name}» أُنشئ من سطر الأوامر، فلا يُغيَّر إلا منه (bahith saved …)",
                       "en": "The search “{name}” was made with the command line; it can be changed only there "
                             "(bahith saved …)"},
    "saved_backfilled": {"ar": "تبدأ خلاصته بأحدث ما في الأرشيف: {count}.",
                         "en": "Its feed starts with the newest in the archive: {count}."},
    "saved_try_again": {"ar": "عدّل الاسم واحفظ من جديد؛ البحث نفسه محفوظ في هذا النموذج",
                        "en": "Change the name and save again; the search itself is kept in this form"},
    "saved_query": {"ar": "البحث", "en": "Search"},
    "saved_filters": {"ar": "المرشحات", "en": "Filters"},
    "saved_mode": {"ar": "المطابقة", "en": "Matching"},
    "saved_mode_exact": {"ar": "حرفية", "en": "exact words"},
    "saved_last_run": {"ar": "آخر تشغيل", "en": "Last run"},
    "saved_never_run": {"ar": "لم يُشغَّل بعد", "en": "not run yet"},
    "saved_open": {"ar": "افتح البحث", "en": "Open the search"},
    "saved_no_query": {"ar": "(بلا كلمات: المرشحات وحدها)", "en": "(no words: the filters alone)"},
    "saved_secret_feed": {"ar": "عنوان سري لقارئ الخلاصات", "en": "Secret address for a feed reader"},
    "saved_token_since": {"ar": "مفعّل منذ {when}", "en": "active since {when}"},
    "saved_token_none": {"ar": "لا عنوان سري", "en": "no secret address"},
    "saved_token_new": {"ar": "أنشئ عنوانًا سريًا جديدًا", "en": "Make a new secret address"},
    "saved_token_revoke": {"ar": "ألغِ العنوان السري", "en": "Revoke the secret address"},
    "saved_token_made": {"ar": "العنوان السري لخلاصة «{name}» يظهر هنا مرة واحدة فقط: انسخه إلى قارئ الخلاصات. "
                                "أي عنوان سري سابق لهذه الخلاصة لم يعد يعمل.",
                         "en": "The secret feed address of “{name}” is shown here once only: copy it into your feed "
                               "reader. Any earlier secret address of this feed no longer works."},
    "saved_token_revoked": {"ar": "أُلغي العنوان السري لخلاصة «{name}»",
                            "en": "Revoked the secret feed address of “{name}”"},
    "save_unavailable": {"ar": "حفظ البحث غير متاح في هذا الإصدار",
                         "en": "Saving searches is not available in this version"},
    "login": {"ar": "الدخول", "en": "Sign in"},
    "logout": {"ar": "خروج", "en": "Sign out"},
    "token": {"ar": "رمز الدخول", "en": "Access token"},
    "login_needed": {"ar": "هذا الأرشيف سري: أدخل رمز الدخول", "en": "This archive is confidential: enter the token"},
    "login_failed": {"ar": "رمز غير صحيح", "en": "Wrong token"},
    "csrf_failed": {"ar": "انتهت صلاحية النموذج؛ أعد تحميل الصفحة وحاول مجددًا",
                    "en": "The form expired; reload the page and try again"},
    # the editors' entity audit (search/web/audit.py, templates/audit.html)
    "entities_audit": {"ar": "تدقيق الكيانات", "en": "Entity audit"},
    "audit_intro": {"ar": "قيم مريبة في قوائم الأشخاص والأماكن والدول، مع الدليل وسطر التصحيح الجاهز. شغّل السطر ثم",
                    "en": "Doubtful values of the people, places and countries lists, with the evidence and a ready "
                          "correction line. Run the line, then"},
    "audit_bounds": {"ar": "فُحصت أكثر {top} قيمة تكرارًا من كل نوع، وقُرئت {sample} مقالة على الأكثر لكل قيمة "
                           "({read} مقالة في المجموع).",
                     "en": "The {top} most frequent values of each type were examined, reading at most {sample} "
                           "articles per value ({read} in all)."},
    "audit_type": {"ar": "النوع", "en": "Type"},
    "audit_all_types": {"ar": "كل الأنواع", "en": "All types"},
    "audit_top": {"ar": "عدد القيم", "en": "Values per type"},
    "audit_show": {"ar": "اعرض", "en": "Show"},
    "audit_nothing": {"ar": "لا شيء مريب بين القيم المفحوصة", "en": "Nothing suspicious among the values examined"},
    "audit_fix": {"ar": "التصحيح", "en": "Fix"},
    "audit_examples": {"ar": "أمثلة", "en": "Examples"},
    "audit_check_short_form": {"ar": "أشخاص لا تكتب مقالاتهم أسماءهم كاملة إلا نادرًا",
                               "en": "People whose articles rarely write their full name"},
    "audit_check_institution": {"ar": "أشخاص يبدون مؤسسات أو مناسبات أو شركات",
                                "en": "People that look like institutions, events or companies"},
    "audit_check_country": {"ar": "أماكن تخالف دولتها دول مقالاتها الأخرى",
                            "en": "Places whose country disagrees with their articles' other countries"},
    "audit_check_via_place": {"ar": "دول لا تُذكر غالبًا إلا عبر مكان مريب",
                              "en": "Countries named mostly through one doubtful place"},
    "audit_check_duplicate": {"ar": "اسم واحد تحت أكثر من قيمة", "en": "Likely one name under several values"},
    "audit_short_form_evidence": {"ar": "الاسم الكامل في {full} من {found} مقالة مفحوصة؛ كلمة واحدة بلا لقب في {bare}",
                                  "en": "Full name in {full} of {found} sampled articles; one bare word in {bare}"},
    "audit_institution_evidence": {"ar": "{inside} من {total} ذكرًا داخل اسم مؤسسة",
                                   "en": "{inside} of {total} sampled mentions inside an institution's name"},
    "audit_country_evidence": {"ar": "منسوب إلى {country}، لكن {disagree} من {judged} مقالة لا تذكر إلا دولًا أخرى",
                               "en": "Assigned to {country}, but {disagree} of {judged} sampled articles name only "
                                     "other countries"},
    "audit_via_place_evidence": {"ar": "لم تُذكر إلا عبر مكان في {only} من {found} مقالة مفحوصة",
                                 "en": "Named only through a place in {only} of {found} sampled articles"},
    "audit_pair": {"ar": "{relation}، {shared} مقالة مشتركة، تشابه السياق {similarity}",
                   "en": "{relation}, {shared} shared articles, context similarity {similarity}"},
    "audit_rel_spelling": {"ar": "تهجئة", "en": "spelling"},
    "audit_rel_nasab": {"ar": "سلسلة نسب", "en": "nasab chain"},
    "audit_rel_first_last": {"ar": "الاسم الأول والأخير", "en": "first and last name"},
    "audit_rel_transliteration": {"ar": "نقل حرفي", "en": "transliteration"},
    "skip_to_results": {"ar": "انتقل إلى النتائج", "en": "Skip to results"},
    "filters_sidebar": {"ar": "تصفية النتائج", "en": "Refine results"},
    "evidence_hint": {"ar": "مرّر المؤشر على اسم لترى أين ورد في النص، أو انقر عدد مواضعه.",
                      "en": "Hover a name to see where the text names it, or click its count."},
    "show_mentions": {"ar": "أظهر مواضعه في النص", "en": "Show where the text names it"},
    "not_in_text": {"ar": "لم يُعثر عليه في النص", "en": "not found in the text"},
    "marks_cut": {"ar": "العلامات في أول {n} حرف من النص فقط", "en": "Marks cover the first {n} characters only"},
    # responsive layout: the skip link on every page, the filter panel's toggle on narrow screens
    "skip_to_content": {"ar": "انتقل إلى المحتوى", "en": "Skip to content"},
    "filters_toggle": {"ar": "تصفية النتائج", "en": "Refine results"},
    "filters_active": {"ar": "عدد المرشحات المفعّلة", "en": "active filters"},
    "relative_dates_help": {"ar": "أو في مربع البحث، تاريخ نسبي يتقدّم كل يوم (وفي البحث المحفوظ عند كل تنبيه):",
                            "en": "Or in the search box, a relative date that moves on each day (and in a saved "
                                  "search at each alert run):"},
    "relative_dates_examples": {"ar": "تاريخ:اليوم · تاريخ:آخر-7-أيام · تاريخ:هذا-الأسبوع · تاريخ:هذا-الشهر",
                                "en": "date:today · date:last-7d · date:last-24h · date:this-week · date:this-month"},
    # how to write a search (partials/syntax_help.html): an example each, then what it finds
    "syntax_help": {"ar": "كيف تكتب البحث", "en": "How to write a search"},
    "syntax_and_example": {"ar": "مفاوضات نووية", "en": "مفاوضات نووية"},
    "syntax_and": {"ar": "الكلمتان معًا في المقال، بأي صيغة من صيغهما", "en": "both words, in any of their forms"},
    "syntax_or_example": {"ar": "فيينا OR جنيف · فيينا أو جنيف", "en": "فيينا OR جنيف · فيينا or جنيف"},
    "syntax_or": {"ar": "إحداهما أو كلتاهما", "en": "either word, or both"},
    "syntax_not_example": {"ar": "مفاوضات -فيينا", "en": "مفاوضات -فيينا · NOT فيينا"},
    "syntax_not": {"ar": "دون المقالات التي فيها الكلمة", "en": "leave out the articles with that word"},
    "syntax_phrase_example": {"ar": "\"البرنامج النووي\"", "en": "\"البرنامج النووي\""},
    "syntax_phrase": {"ar": "الكلمات متجاورة بهذا الترتيب", "en": "these words next to each other, in this order"},
    "syntax_near_example": {"ar": "عراقجي قرب/5 موسكو", "en": "عراقجي NEAR/5 موسكو"},
    "syntax_near": {"ar": "الطرفان على بعد 5 كلمات على الأكثر، بأي ترتيب، وتُعد الكلمات كما كُتبت بما فيها "
                          "الشائعة مثل في ومن؛ قرب/1 متجاورتان، وNEAR وحدها تعني 10. الطرف كلمة (مع و ب ل ف ك "
                          "وال) أو عبارة أو (أ OR ب)",
                    "en": "both within 5 words of each other, in either order, counting words as typed, common "
                          "words such as في and من included; NEAR/1 is next to each other, NEAR alone is 10. Each "
                          "side is a word (with و ب ل ف ك and ال), a \"phrase\" or (a OR b); in Arabic قرب/5"},
    "syntax_exact_example": {"ar": "exact:بالمفاوضات · person:عراقجي · date:2025-04",
                             "en": "exact:بالمفاوضات · person:عراقجي · date:2025-04"},
    "syntax_exact": {"ar": "هذه الصيغة وحدها؛ اسم شخص؛ شهر", "en": "this form only; a person; a month"},
    "syntax_title_example": {"ar": "عنوان:نفط  عنوان:(نفط OR غاز)", "en": "title:نفط  title:(نفط OR غاز)"},
    "syntax_title": {"ar": "في العنوان وحده، بالتحليل نفسه (نفط يجد النفط)",
                     "en": "in the headline only, with the same analysis (نفط finds النفط)"},
    "syntax_prefix_example": {"ar": "سعود*", "en": "سعود*"},
    "syntax_prefix": {"ar": "كل كلمة تبدأ بها بعد السوابق (السعودية، والسعودي، سعودي)؛ حرفان على الأقل",
                      "en": "any word starting so once its clitics are set aside (السعودية, والسعودي, سعودي); "
                            "2 letters or more"},
    "syntax_author_example": {"ar": 'كاتب:رويترز  كاتب:"هشام لاشين"', "en": 'author:رويترز  author:"هشام لاشين"'},
    "syntax_author": {"ar": "الكاتب أو الوكالة في سطر الكاتب (المقالات بلا كاتب لا تطابق)",
                      "en": "the writer or agency in the byline (articles without a byline never match)"},
    "interval_day": {"ar": "يوم", "en": "day"},
    "interval_week": {"ar": "أسبوع", "en": "week"},
    "interval_month": {"ar": "شهر", "en": "month"},
    "interval_year": {"ar": "سنة", "en": "year"},
}
for _facet in all_facets():
    STRINGS[f"facet_{_facet.name}"] = {"ar": _facet.label_ar, "en": _facet.label_en}
    if _facet.entity:  # the article page's entity lists, headed by the Article field
        STRINGS[_facet.field] = {"ar": _facet.label_ar, "en": _facet.label_en}


def parse_accept_language(header: str | None) -> list[tuple[str, float]]:
    """The language ranges of an Accept-Language header with their quality, best first (RFC 9110 §12.5.4).

    A range without `q` has quality 1; `q=0` means "not this one" and is dropped; a malformed
    quality drops that range only. Ties keep the header's order (a stable sort).
    """
    ranges: list[tuple[str, float]] = []
    for part in (header or "").split(","):
        tag, *params = (p.strip() for p in part.split(";"))
        if not tag:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = -1.0
        if 0 < quality <= 1:
            ranges.append((tag, quality))
    return sorted(ranges, key=lambda r: -r[1])


def browser_language(accept_language: str | None) -> str | None:
    """The interface language the browser prefers most among ours, or None if it names neither.

    Each range is read with babel's `parse_locale` (so `ar-EG`, `ar_SA`, `EN-gb` all count), in
    order of quality: `en;q=0.1, ar;q=0.9` is Arabic.
    """
    for tag, _quality in parse_accept_language(accept_language):
        if tag == "*":
            continue
        try:
            language = parse_locale(tag, sep="-" if "-" in tag else "_")[0].lower()
        except ValueError:
            continue
        if language in LANGUAGES:
            return language
    return None


def choose_language(requested: str | None, accept_language: str | None,
                    archive_language: str | None = DEFAULT_ARCHIVE_LANGUAGE) -> str:
    """The page's language: `?lang=` if the reader chose one, then the archive's language, then the browser's.

    The archive's language comes before the browser's because an Arabic archive is read by people
    who read Arabic, whatever their browser was set up with; a newsroom whose archive is in English,
    or mixed, sets `archive_language` accordingly (or to None, to let each browser decide).
    """
    if requested in LANGUAGES:
        return requested
    if archive_language in LANGUAGES:
        return archive_language
    return browser_language(accept_language) or DEFAULT_ARCHIVE_LANGUAGE


def archive_language_setting(value: str | None) -> str | None:
    """The archive language of a setting: "ar" or "en", or None for "browser" (let the browser decide).

    Unset means the default, Arabic; anything else is refused with a message naming the choices.
    """
    if value is None or value == "":
        return DEFAULT_ARCHIVE_LANGUAGE
    if value in LANGUAGES:
        return value
    if value == "browser":
        return None
    raise ValueError(f"archive language must be one of {', '.join(LANGUAGES)} or 'browser', not {value!r}")


def translator(lang: str):
    """`t("key", n=3)`: the string in `lang`, formatted; an unknown key shows as itself, never crashes."""

    def t(key: str, **kwargs: object) -> str:
        text = STRINGS.get(key, {}).get(lang) or key
        return text.format(**kwargs) if kwargs else text

    return t


def shape_digits(text: object, style: str) -> str:
    """Write the ASCII digits of `text` as Arabic-Indic (٠١٢) when `style` is "arab"."""
    s = str(text)
    return s.translate(_ARABIC_INDIC) if style == "arab" else s


def format_number(n: int, style: str) -> str:
    return counts.format_number(n, style)


def count_message(key: str, n: int, lang: str, style: str) -> str:
    """A count in words with the right plural form, e.g. "نتيجتان", "١١ نتيجة", "1 result" (search.counts)."""
    return counts.count_message(key, n, lang, style)


def _dated(text: str, style: str) -> str:
    """Year-month-day in the chosen digits. With Arabic-Indic digits the separator is `/`: between
    two Arabic numbers a hyphen takes the paragraph's direction in the bidi algorithm and the date
    shows reversed (٢٤-٠٧-٢٠١٥), while a slash keeps the date one number run (٢٠١٥/٠٧/٢٤)."""
    return shape_digits(text.replace("-", "/"), style) if style == "arab" else text


def format_day(value: date | datetime | None, style: str) -> str:
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    return _dated(day.isoformat(), style)


def format_period(start: date, interval: str, style: str) -> str:
    """A histogram bar's label: 2015-07 for a month, 2015 for a year, a week's first and last day, else the day."""
    if interval == "week":
        text = f"{start.isoformat()} – {(start + timedelta(days=6)).isoformat()}"
    else:
        text = {"year": start.strftime("%Y"), "month": start.strftime("%Y-%m")}.get(interval, start.isoformat())
    return _dated(text, style)
