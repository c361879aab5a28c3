"""The concept as a PDF (WeasyPrint): cover, contents with page numbers, running headers
with the chapter, page numbers, the KERN look (Fira Sans embedded, KERN blue), the two
appendices with bar charts drawn on the server and their data tables; tagged as PDF/UA
as far as WeasyPrint goes. Fonts come inline as data: addresses; nothing is fetched."""

from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path

from django.template.loader import render_to_string

FONTS = Path(__file__).resolve().parent.parent / "static/vendor/kern/fonts/fira-sans"


def _memoise_page_references() -> None:
    """pydyf 0.13 builds `PDF.page_references` — a tuple with one reference per page — anew
    on every read, and WeasyPrint's PDF/UA tagging reads it once per tagged box: 70,000 reads
    of 371 references each for the 300-approach concept, 3.6 s of its build (measured with
    tests/bench/concept_export.py). The tuple depends only on the page list, which pydyf only
    ever extends, so it is kept until that list grows. Same value, read once per page count;
    tests/concept/test_concept.py checks that it still matches pydyf's own."""
    import pydyf

    if getattr(pydyf.PDF, "_mitwirken_memoised", False):
        return
    original = pydyf.PDF.page_references.fget

    def page_references(pdf):
        kids = pdf.pages["Kids"]
        memo = pdf.__dict__.get("_page_references")
        if memo is None or memo[0] != len(kids):
            memo = (len(kids), original(pdf))
            pdf.__dict__["_page_references"] = memo
        return memo[1]

    pydyf.PDF.page_references = property(page_references)
    pydyf.PDF._mitwirken_memoised = True
    pydyf.PDF._unmemoised_page_references = staticmethod(original)


@lru_cache(maxsize=1)
def font_faces() -> str:
    faces = []
    for weight, style, name in (
        (400, "normal", "Regular"),
        (400, "italic", "Italic"),
        (600, "normal", "SemiBold"),
        (700, "normal", "Bold"),
    ):
        data = base64.b64encode((FONTS / f"FiraSans-{name}.woff2").read_bytes()).decode()
        faces.append(
            f'@font-face {{ font-family: "Fira Sans"; font-weight: {weight}; '
            f'font-style: {style}; src: url(data:font/woff2;base64,{data}) format("woff2"); }}'
        )
    return "\n".join(faces)


def bars(rows: list[tuple[str, int]], *, title: str = "") -> str:
    """A horizontal bar chart as SVG (drawn here, no library): one bar per row, the value
    beside it. The data table follows it in the document, for readers and screen readers."""
    from django.utils.html import escape

    top = max([n for _label, n in rows] + [1])
    line, label_width, bar_width = 16, 230, 200
    height = line * len(rows) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 40}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" '
        f'font-family="Fira Sans" font-size="9">'
    ]
    for i, (label, n) in enumerate(rows):
        y = i * line + 2
        width = max(1.0, bar_width * n / top)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 10}" text-anchor="end">'
            f"{escape(str(label)[:45])}</text>"
        )
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{width:.1f}" height="11" fill="#1d4ed8"/>'
        )
        parts.append(f'<text x="{label_width + width + 4:.1f}" y="{y + 10}">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def build(version, appendix: dict, trace: list[dict], site_name: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    _memoise_page_references()
    html = render_to_string(
        "web/pdf/concept.html",
        {
            "version": version,
            "process": version.draft.process,
            "content": version.content,
            "appendix": appendix,
            "trace": trace,
            "site_name": site_name,
            "fonts": font_faces(),
            "charts": {
                "groups": bars([(g or "–", n) for g, n in appendix["groups"]]),
                "regions": bars([(r or "–", n) for r, n in appendix["regions"]]),
                "fields": bars([(title, total) for title, _c, total in appendix["fields"]]),
            },
        },
    )
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))
    return document.write_pdf(pdf_variant="pdf/ua-1")
