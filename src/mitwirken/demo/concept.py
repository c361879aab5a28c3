"""The demo's concept: the draft assembled from the synthesis with the ministry's text,
version 1 commented paragraph by paragraph (and answered), version 2 taking the comments
up, and the final concept — through the services, as the organisers would do it."""

import datetime
import json
import uuid
from pathlib import Path

from django.utils import timezone

from mitwirken.concept import services

DATA = Path(__file__).resolve().parent / "data"
KEYS = uuid.UUID("c0c0c0c0-2019-4b5e-8c3d-0a1b2c3d4e5f")


def create_concept(process, organiser, people: dict) -> dict[str, int]:
    path = DATA / "concept.json"
    if not path.exists():
        return {"versions": 0, "concept_comments": 0}
    data = json.loads(path.read_text(encoding="utf-8"))
    draft = services.assemble_draft(actor=organiser, process=process, title=data["title"])
    sections = {
        s.field_of_action.slug if s.field_of_action else s.key: s
        for s in draft.sections.select_related("field_of_action")
    }
    first = data["version_1"]
    _write(organiser, sections["einleitung"], first["introduction"])
    for slug, text in first["chapters"].items():
        if slug in sections:
            _write(organiser, sections[slug], text)
    services.add_section(
        actor=organiser, draft=draft, title=first["closing"]["title"], body=first["closing"]["text"]
    )
    today = timezone.localdate()
    version_1 = services.publish_version(
        actor=organiser,
        draft=draft,
        comments_from=today - datetime.timedelta(days=42),
        comments_until=today,
    )
    by_key = {section["key"]: section for section in version_1.content}
    made = 0
    for index, item in enumerate(data["comments"]):
        key = "einleitung" if item["chapter"] == "introduction" else sections[item["chapter"]].key
        paragraphs = by_key[key]["paragraphs"]
        anchor = paragraphs[min(item["paragraph"], len(paragraphs) - 1)]["anchor"]
        comment, created = services.comment(
            actor=people[item["author"]],
            version=version_1,
            anchor=anchor,
            text=item["text"],
            submission_key=uuid.uuid5(KEYS, f"comment-{index}"),
        )
        made += created
        if item.get("answer"):
            services.answer_comment(actor=organiser, comment=comment, text=item["answer"])
    # version 2 takes the comments up (version 1 takes none once it is replaced)
    for slug, text in data["version_2_changes"].items():
        key = "einleitung" if slug == "introduction" else slug
        if key in sections:
            _write(organiser, sections[key], text)
    version_2 = services.publish_version(
        actor=organiser, draft=draft, comments_from=today, comments_until=today
    )
    services.publish_version(actor=organiser, draft=draft, final=True)
    return {"versions": version_2.number + 1, "concept_comments": made}


def _write(organiser, section, text: str) -> None:
    services.change_section(actor=organiser, section=section, title=section.title, body=text)
