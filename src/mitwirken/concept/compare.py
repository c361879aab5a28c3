"""Two versions of the concept side by side: per section, the paragraphs added, removed
and changed (word by word), unchanged ones counted — on the text, never on the stored
HTML, so the comparison can show nothing that was not escaped."""

from __future__ import annotations

import difflib
import html as htmllib
import re
from dataclasses import dataclass, field

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"\S+|\s+")


def plain(fragment: str) -> str:
    return htmllib.unescape(strip_tags(fragment)).strip()


def words_diff(old: str, new: str) -> SafeString:
    """The new text with removed words in <del> and added words in <ins>."""
    a, b = WORD.findall(old), WORD.findall(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


@dataclass
class SectionChange:
    key: str
    title: str
    state: str  # "added", "removed", "changed", "unchanged"
    paragraphs: list[tuple[str, SafeString | str]] = field(default_factory=list)
    unchanged: int = 0
    approaches_added: list[str] = field(default_factory=list)
    approaches_removed: list[str] = field(default_factory=list)


def compare(old_content: list[dict], new_content: list[dict]) -> list[SectionChange]:
    old_by_key = {s["key"]: s for s in old_content}
    new_keys = {s["key"] for s in new_content}
    out = []
    for section in new_content:
        before = old_by_key.get(section["key"])
        if before is None:
            out.append(
                SectionChange(
                    section["key"],
                    section["title"],
                    "added",
                    [("added", escape(plain(p["html"]))) for p in section["paragraphs"]],
                )
            )
            continue
        change = SectionChange(section["key"], section["title"], "unchanged")
        a = [plain(p["html"]) for p in before["paragraphs"]]
        b = [plain(p["html"]) for p in section["paragraphs"]]
        matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                change.unchanged += i2 - i1
            elif op == "replace" and i2 - i1 == j2 - j1:
                change.paragraphs += [
                    ("changed", words_diff(a[i], b[j]))
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                ]
            else:
                change.paragraphs += [("removed", escape(t)) for t in a[i1:i2]]
                change.paragraphs += [("added", escape(t)) for t in b[j1:j2]]
        titles_before = {x["title"] for x in before.get("approaches", [])}
        titles_after = {x["title"] for x in section.get("approaches", [])}
        change.approaches_added = sorted(titles_after - titles_before)
        change.approaches_removed = sorted(titles_before - titles_after)
        if change.paragraphs or change.approaches_added or change.approaches_removed:
            change.state = "changed"
        out.append(change)
    for section in old_content:
        if section["key"] not in new_keys:
            out.append(
                SectionChange(
                    section["key"],
                    section["title"],
                    "removed",
                    [("removed", escape(plain(p["html"]))) for p in section["paragraphs"]],
                )
            )
    return out
