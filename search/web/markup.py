"""Turn plain-text fragments into HTML: escape every piece first, then add the `<mark>`s.

Snippets and titles come from the backend as `Fragment`s of the article's own text, never as
HTML. Escaping each fragment before wrapping the matched ones means an article that contains
`<script>` shows those characters and nothing else, whatever the highlighter matched.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from search.model import Fragment

PARAGRAPH_BREAK = re.compile(r"\s*\n\s*")  # search.web.mention_marks finds the same paragraphs


def marked(fragments: list[Fragment]) -> Markup:
    return Markup("").join(Markup("<mark>{}</mark>").format(f.text) if f.hit else escape(f.text)
                           for f in fragments)


def paragraphs(text: str) -> list[str]:
    """The article body as paragraphs: readers keep one paragraph a line."""
    return [p for p in PARAGRAPH_BREAK.split(text.strip()) if p]
