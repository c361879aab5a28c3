"""The concept's text: Markdown as organisers write it, rendered to HTML by markdown-it-py
(CommonMark, raw HTML off) and cleaned by nh3 (ammonia) to a short list of tags, so
nothing a text contains can run in a reader's browser. Rendered block by block: each
top-level block (paragraph, list, heading, quote, table) is one paragraph of the concept,
with an anchor of its own, for comments."""

from __future__ import annotations

import hashlib
from functools import lru_cache

import nh3

ALLOWED_TAGS = {
    "p",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "ol": {"start"}}
URL_SCHEMES = {"https", "http", "mailto"}


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def blocks(text: str) -> list[str]:
    """The Markdown as a list of cleaned HTML blocks (headings shifted down to h3/h4,
    below the section's own heading)."""
    parser = _parser()
    tokens = parser.parse(text or "")
    out, start = [], None
    for i, token in enumerate(tokens):
        if token.level != 0:
            continue
        if token.nesting == 1 and start is None:
            start = i
        elif token.nesting == -1 or (token.nesting == 0 and start is None):
            begin = i if start is None else start
            part = tokens[begin : i + 1]
            for t in part:
                if t.type in ("heading_open", "heading_close"):
                    t.tag = "h3" if t.tag in ("h1", "h2", "h3") else "h4"
            html = clean(parser.renderer.render(part, parser.options, {}))
            if html.strip():
                out.append(html)
            start = None
    return out


def render(text: str) -> str:
    return "".join(blocks(text))


def anchor(section_key: str, position: int, html: str) -> str:
    """A paragraph's anchor: its section and place, plus a short hash of its text, so a
    comment's link still finds its paragraph when the version is read later."""
    digest = hashlib.sha1(html.encode(), usedforsecurity=False).hexdigest()[:6]
    return f"{section_key}-{position + 1}-{digest}"
