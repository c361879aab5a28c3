"""Files of a process built in the background (the open data as CSV and JSON, the concept
as PDF and DOCX): what each file is and how it is built, and which built file is current.
A built file is kept until the data it shows changes (the cache versions of
core.pagecache, as for the cached pages); counters (supports, comments) may lag by at most
settings.MITWIRKEN_COUNTS_MAX_AGE seconds. The builds themselves are asked for and run by
reports.services."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import override

from mitwirken.approaches.models import APPROACHES
from mitwirken.core import pagecache
from mitwirken.processes.models import Process

from .datasets import DATASETS, FORMATS, Dataset
from .models import Export

LICENCE = "dl-de/by-2-0"
LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Kind:
    """What a file is: its media type, its name when downloaded, the scopes it depends on
    and how it is built."""

    content_type: str
    filename: str
    scopes: list[pagecache.Scope]
    activity: list[pagecache.Scope]
    build: Callable[[Progress], bytes]


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_CONCEPT = re.compile(r"^concept-(\d{1,6})$")


def kind_of(process: Process, name: str, fmt: str) -> Kind | None:
    """The file ``name``.``fmt`` of the process, or None if there is no such file."""
    dataset = DATASETS.get(name)
    if dataset is not None and fmt in FORMATS:
        return Kind(
            content_type=CONTENT_TYPES[fmt],
            filename=f"{process.slug}-{name}.{fmt}",
            scopes=dataset.scopes(process),
            activity=dataset.activity(process),
            build=lambda progress: _dataset_file(process, dataset, fmt, progress),
        )
    match = _CONCEPT.match(name)
    if match and fmt in ("pdf", "docx"):
        from mitwirken.concept.models import CONCEPT

        number = int(match.group(1))
        return Kind(
            content_type=CONTENT_TYPES[fmt],
            filename=f"konzept-{number}.{fmt}",
            scopes=[
                (pagecache.PROCESS, process.pk),
                (CONCEPT, process.pk),
                (APPROACHES, process.pk),
            ],
            activity=[],
            build=lambda progress: _concept_file(process, number, fmt, progress),
        )
    return None


def versions_of(kind: Kind) -> tuple[str, float]:
    key, last_activity = pagecache.data_key(kind.scopes, kind.activity)
    return key, last_activity


def _fresh(export: Export, last_activity: float) -> bool:
    """Counters changed after the build started: still good for COUNTS_MAX_AGE seconds."""
    started = (export.started_at or export.created_at).timestamp()
    return last_activity <= started or (
        timezone.now().timestamp() - started <= settings.MITWIRKEN_COUNTS_MAX_AGE
    )


def ready(process: Process, name: str, fmt: str, kind: Kind) -> Export | None:
    """The built file for the current data, if there is one."""
    versions, last_activity = versions_of(kind)
    found = (
        Export.objects.filter(
            process=process, name=name, fmt=fmt, versions=versions, state=Export.State.DONE
        )
        .order_by("-finished_at", "-id")
        .first()
    )
    if found is not None and _fresh(found, last_activity):
        return found
    return None


def etag(export: Export) -> str:
    digest = hashlib.blake2b(
        f"{export.pk}:{export.versions}:{export.finished_at}".encode(), digest_size=10
    ).hexdigest()
    return f'"{digest}"'


# Builders ----------------------------------------------------------------------------


def _dataset_file(process: Process, dataset: Dataset, fmt: str, progress: Progress) -> bytes:
    rows = dataset.rows(process)
    total = _estimate(process, dataset)
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")  # spreadsheet programs then read the umlauts right
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(dataset.column_names)
        for i, row in enumerate(rows, 1):
            writer.writerow([_csv_value(v) for v in row])
            if i % 5000 == 0:
                progress(90 * i / total)
        return out.getvalue().encode("utf-8")
    names = dataset.column_names
    records = []
    for i, row in enumerate(rows, 1):
        records.append(dict(zip(names, row, strict=True)))
        if i % 5000 == 0:
            progress(90 * i / total)
    document = {
        "dataset": dataset.name,
        "process": process.slug,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "columns": names,
        "rows": records,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _csv_value(value):
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value  # None is written as an empty field


def _estimate(process: Process, dataset: Dataset) -> int:
    if dataset.name == "needs":
        from .datasets import visible_needs

        return max(1, visible_needs(process).count())
    return 1_000_000  # small files: no progress to show


def _concept_file(process: Process, number: int, fmt: str, progress: Progress) -> bytes:
    from mitwirken.concept import documents, selectors

    version = selectors.get_version(process, number)
    if version is None:
        raise ValueError(f"process {process.pk} has no concept version {number}")
    # The document speaks the process's language, whoever asked for it first.
    with override(process.language or settings.LANGUAGE_CODE):
        appendix = documents.participation(process)
        progress(10)
        trace = documents.traceability(process)
        progress(25)
        if fmt == "pdf":
            from mitwirken.concept import pdf

            return pdf.build(version, appendix, trace, settings.MITWIRKEN_SITE_NAME)
        from mitwirken.concept import docx

        return docx.build(version, appendix, trace)
