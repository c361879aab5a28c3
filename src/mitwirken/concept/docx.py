"""The concept as a Word document (python-docx) with real heading styles, so the ministry
can go on editing it: the text of every section, the action approaches, and the two
appendices as tables."""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _

from .compare import plain

LIST_ITEM = re.compile(r"<li>(.*?)</li>", re.S)


def build(version, appendix: dict, trace: list[dict]) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = version.title
    document.core_properties.language = version.draft.process.language
    document.add_heading(version.title, level=0)
    document.add_paragraph(
        _("Published %(date)s") % {"date": version.published_at.date().isoformat()}
    )
    for section in version.content:
        document.add_heading(section["title"], level=1)
        for paragraph in section["paragraphs"]:
            html = paragraph["html"]
            if html.lstrip().startswith(("<ul", "<ol")):
                style = "List Number" if html.lstrip().startswith("<ol") else "List Bullet"
                for item in LIST_ITEM.findall(html):
                    document.add_paragraph(plain(item), style=style)
            elif html.lstrip().startswith(("<h3", "<h4")):
                document.add_heading(plain(html), level=3 if "<h3" in html else 4)
            else:
                document.add_paragraph(plain(html))
        if section["approaches"]:
            document.add_heading(_("Action approaches"), level=2)
            for approach in section["approaches"]:
                document.add_heading(approach["title"], level=3)
                if approach["html"]:
                    document.add_paragraph(plain(approach["html"]))
    _participation(document, appendix)
    _traceability(document, trace)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _table(document, header: list[str], rows: list[list]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)


def _participation(document, data: dict) -> None:
    from mitwirken.contributions.models import Need

    document.add_heading(_("Appendix: Participation in figures"), level=1)
    document.add_paragraph(
        _("%(people)s people took part in the conferences; %(needs)s needs were raised.")
        % {"people": data["attended"], "needs": data["needs"]}
    )
    document.add_heading(_("Who took part, by event"), level=2)
    _table(
        document,
        [_("Event"), _("Date"), _("Present")],
        [[t, d.isoformat(), n] for t, d, n in data["events"]],
    )
    document.add_heading(_("Who took part, by stakeholder group"), level=2)
    _table(
        document,
        [_("Stakeholder group"), _("Present")],
        [[g or _("Not specified"), n] for g, n in data["groups"]],
    )
    document.add_heading(_("Who took part, by region"), level=2)
    _table(
        document,
        [_("Region"), _("Present")],
        [[r or _("Not specified"), n] for r, n in data["regions"]],
    )
    document.add_heading(_("Needs per field of action and what became of them"), level=2)
    statuses = list(Need.Status.choices)
    _table(
        document,
        [_("Field of action"), *[str(label) for _v, label in statuses], _("All")],
        [
            [title, *[counts.get(v, 0) for v, _l in statuses], total]
            for title, counts, total in data["fields"]
        ],
    )


def _traceability(document, trace: list[dict]) -> None:
    document.add_heading(_("Appendix: From the needs to the action approaches"), level=1)
    for item in trace:
        document.add_heading(item["approach"].title, level=2)
        rows = []
        for row in item["needs"]:
            need = row["need"]
            also = "; ".join(f"{w} ({r})" if r else w for w, r in row["also"])
            rows.append(
                [
                    need.title,
                    row["where"],
                    need.region.name if need.region else _("Whole state"),
                    need.stakeholder_group.name if need.stakeholder_group else "–",
                    also,
                ]
            )
        _table(
            document,
            [_("Need"), _("Raised at"), _("Region"), _("Stakeholder group"), _("Also raised as")],
            rows,
        )
