"""Measures the published concept's PDF and DOCX at 300 action approaches with 5,000
needs behind them: time and peak memory of each, on a database of its own (a temporary
SQLite file, migrated here), so the bench data of the other rounds stays as it is.

    .venv/bin/python tests/bench/concept_export.py [--approaches 300] [--needs 5000] [--json FILE]

Each document is built in a process of its own, so that its peak memory (ru_maxrss) is
its own. Prints one JSON line per document.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))


def setup(database: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mitwirken.settings")
    import django

    django.setup()


def create(approaches: int, needs: int) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from mitwirken.accounts import services as account_services
    from mitwirken.approaches.models import ActionApproach
    from mitwirken.concept import services as concept_services
    from mitwirken.contributions.models import Need
    from mitwirken.core.actors import OPERATOR
    from mitwirken.processes import services as process_services
    from mitwirken.processes.models import Region, StakeholderGroup

    rng = random.Random(2019)
    data = json.loads((ROOT / "src/mitwirken/demo/data/needs.json").read_text("utf-8"))
    fields_data = json.loads((ROOT / "src/mitwirken/demo/data/fields.json").read_text("utf-8"))
    organisation = account_services.ensure_organisation(actor=OPERATOR, name="Ministerium")
    regions, groups = list(Region.objects.all()), list(StakeholderGroup.objects.all())
    process = process_services.create_process(
        actor=OPERATOR,
        title="Integrationskonzept (Benchmark)",
        slug="bench-concept",
        summary="Benchmark",
        organiser=organisation,
        published=True,
        regions=regions,
        stakeholder_groups=groups,
    )
    fields = [
        process_services.add_field_of_action(
            actor=OPERATOR,
            process=process,
            slug=f["slug"],
            title=f["title"],
            description=f["description"],
        )
        for f in fields_data
    ]
    made = Need.objects.bulk_create(
        [
            Need(
                process=process,
                field_of_action=fields[i % len(fields)],
                region=rng.choice(regions),
                stakeholder_group=rng.choice(groups),
                title=data[i % len(data)]["title"][:120],
                text=data[i % len(data)]["text"],
                status=Need.Status.ADOPTED,
                source=Need.Source.ONLINE,
            )
            for i in range(needs)
        ]
    )
    created = ActionApproach.objects.bulk_create(
        [
            ActionApproach(
                process=process,
                field_of_action=fields[i % len(fields)],
                title=f"Handlungsansatz {i + 1}: {data[i % len(data)]['title'][:90]}",
                description=data[(i * 7) % len(data)]["text"][:600],
            )
            for i in range(approaches)
        ]
    )
    through = ActionApproach.needs.through
    through.objects.bulk_create(
        [
            through(actionapproach_id=created[i % approaches].pk, need_id=need.pk)
            for i, need in enumerate(made)
        ]
    )
    draft = concept_services.assemble_draft(actor=OPERATOR, process=process)
    for section in draft.sections.all():
        body = "\n\n".join(data[(section.pk * 3 + k) % len(data)]["text"] for k in range(5))
        concept_services.change_section(
            actor=OPERATOR, section=section, title=section.title, body=body
        )
    concept_services.publish_version(actor=OPERATOR, draft=draft, final=True)


def build(kind: str) -> dict:
    from django.conf import settings

    from mitwirken.concept import documents, docx, pdf
    from mitwirken.concept.models import ConceptVersion

    version = ConceptVersion.objects.select_related("draft__process").get()
    process = version.draft.process
    started = time.perf_counter()
    appendix, trace = documents.participation(process), documents.traceability(process)
    if kind == "pdf":
        data = pdf.build(version, appendix, trace, settings.MITWIRKEN_SITE_NAME)
    else:
        data = docx.build(version, appendix, trace)
    seconds = time.perf_counter() - started
    pages = None
    if kind == "pdf":
        import io

        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(data)).pages)
    return {
        "bench": f"concept-{kind}",
        "approaches": process.approaches.count(),
        "needs": process.needs.count(),
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "bytes": len(data),
        "pages": pages,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--approaches", type=int, default=300)
    parser.add_argument("--needs", type=int, default=5000)
    parser.add_argument("--json")
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--build", choices=["create", "pdf", "docx"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        setup(args.database)
        if args.build == "create":
            create(args.approaches, args.needs)
        else:
            print(json.dumps(build(args.build)))
        return
    with tempfile.TemporaryDirectory() as folder:
        database = os.path.join(folder, "concept.sqlite3")
        child = [sys.executable, __file__, "--database", database]
        subprocess.run(
            [
                *child,
                "--build",
                "create",
                "--approaches",
                str(args.approaches),
                "--needs",
                str(args.needs),
            ],
            check=True,
        )
        for kind in ("pdf", "docx"):
            done = subprocess.run(
                [*child, "--build", kind], check=True, capture_output=True, text=True
            )
            row = done.stdout.strip().splitlines()[-1]
            print(row)
            if args.json:
                with open(args.json, "a", encoding="utf-8") as handle:
                    handle.write(row + "\n")


if __name__ == "__main__":
    main()
