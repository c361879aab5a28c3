"""Measures the stakeholder directory's CSV import: a file of 10,000 rows as German Excel
saves it (Windows-1252, semicolons, a few per cent bad rows), checked (``check_import``) and
then imported (``apply_import(good_rows_only=True)``), each timed and its memory measured.

Usage (the database must be migrated):

    DJANGO_SETTINGS_MODULE=mitwirken.settings DATABASE_URL=… \\
        .venv/bin/python tests/bench/import_directory.py [--rows 10000] [--bad 3]

Acts as the operator, as ``seed_bench`` does, on a process "bench-directory" (created, or
reused if it is there). Each step runs twice: once timed, once under ``tracemalloc`` (which
slows Python down, so its time is not reported). What the script created is deleted at the
end. Prints one JSON line.
"""

import argparse
import gc
import json
import os
import random
import resource
import sys
import time
import tracemalloc
import uuid

SLUG = "bench-directory"
KINDS = [
    "Verein für Integration",
    "Arbeiterwohlfahrt",
    "Caritasverband",
    "Diakonisches Werk",
    "Deutsches Rotes Kreuz, Kreisverband",
    "Netzwerk Vielfalt",
    "Bürgerstiftung",
    "Sportverein Einheit",
    "Interkultureller Verein",
    "Förderverein der Grundschule",
    "Jugendmigrationsdienst",
    "Integrationsbeirat",
    "Volkshochschule",
    "Freiwilligenagentur",
    "Familienzentrum",
    "Mehrgenerationenhaus",
    "Beratungsstelle für Migrantinnen und Migranten",
    "Islamische Gemeinde",
    "Evangelische Kirchengemeinde",
    "Frauenzentrum",
]
TOWNS = [
    "Magdeburg",
    "Halle (Saale)",
    "Dessau-Roßlau",
    "Wernigerode",
    "Quedlinburg",
    "Halberstadt",
    "Stendal",
    "Salzwedel",
    "Köthen",
    "Bitterfeld-Wolfen",
    "Naumburg",
    "Weißenfels",
    "Zeitz",
    "Merseburg",
    "Sangerhausen",
    "Lutherstadt Wittenberg",
    "Bernburg",
    "Schönebeck",
    "Burg",
    "Haldensleben",
    "Aschersleben",
    "Staßfurt",
]
PEOPLE = [
    "Frau Müller",
    "Herr Schröder",
    "Frau Öztürk",
    "Herr Nguyen",
    "Frau Weiß",
    "Herr Al-Hassan",
    "Frau Kowalska",
    "Herr Jäger",
    "",
]


def _email_part(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i"})
    return "".join(ch for ch in text.lower().translate(table) if ch.isalnum())[:20]


def make_csv(rows: int, bad_percent: float, groups, regions, run: str) -> tuple[bytes, int]:
    """The file's bytes, and how many rows were made bad on purpose."""
    rng = random.Random(2019)
    header = "Organisation;Akteursgruppe;Landkreis;E-Mail;Ansprechperson"
    lines = [header]
    bad = 0
    for n in range(rows):
        kind, town = rng.choice(KINDS), rng.choice(TOWNS)
        name = f"{kind} {town}" + (" e.V." if rng.random() < 0.5 else "")
        group = rng.choice(groups) if rng.random() < 0.9 else ""
        region = rng.choice(regions) if rng.random() < 0.9 else ""
        email = f"{_email_part(kind)}.{n}@{_email_part(town)}.{run}.example"
        if rng.random() * 100 < bad_percent:
            bad += 1
            fault = n % 5
            if fault == 0:
                name = ""
            elif fault == 1:
                email = email.replace("@", " at ")
            elif fault == 2:
                region = "Landkreis Nirgendwo"
            elif fault == 3:
                group = "Unbekannte Gruppe"
            elif n:
                email = lines[-1].split(";")[3] or email  # the row before's address
        if '"' in name or ";" in name:
            name = '"' + name.replace('"', '""') + '"'
        lines.append(";".join([name, group, region, email, rng.choice(PEOPLE)]))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252"), bad


def _rss_mb() -> float:
    """The process's peak resident memory so far (ru_maxrss is in KiB on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _timed(call):
    gc.collect()
    started = time.perf_counter()
    result = call()
    return result, round(time.perf_counter() - started, 3)


def _traced(call):
    gc.collect()
    tracemalloc.start()
    try:
        result = call()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, round(peak / (1024 * 1024), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--bad", type=float, default=3.0, help="per cent of bad rows")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mitwirken.settings")
    import django

    django.setup()
    from django.db import connection

    from mitwirken.accounts import services as account_services
    from mitwirken.accounts.models import Organisation
    from mitwirken.core.actors import OPERATOR
    from mitwirken.directory import services
    from mitwirken.directory.models import DirectoryImport, Stakeholder
    from mitwirken.processes import services as process_services
    from mitwirken.processes.models import Process, Region, StakeholderGroup

    created = {"organisation": None, "process": None}
    process = Process.objects.filter(slug=SLUG).first()
    if process is None:
        name = "Benchmark-Ministerium (Verteiler)"
        if not Organisation.objects.filter(name=name).exists():
            created["organisation"] = name
        organisation = account_services.ensure_organisation(actor=OPERATOR, name=name)
        process = process_services.create_process(
            actor=OPERATOR,
            title=SLUG,
            slug=SLUG,
            summary="Daten für tests/bench/import_directory.py.",
            organiser=organisation,
            regions=list(Region.objects.all()),
            stakeholder_groups=list(StakeholderGroup.objects.all()),
        )
        created["process"] = process.pk
    run = uuid.uuid4().hex[:8]  # this run's addresses, apart from any earlier run's
    import_ids: list[int] = []

    def check():
        directory_import = services.check_import(
            actor=OPERATOR, process=process, filename="verteiler.csv", data=data
        )
        import_ids.append(directory_import.pk)
        return directory_import

    def apply(directory_import):
        return lambda: services.apply_import(
            actor=OPERATOR, directory_import=directory_import, good_rows_only=True
        )

    def remove_this_run():
        Stakeholder.objects.filter(process=process, email__endswith=f".{run}.example").delete()

    before = Stakeholder.objects.filter(process=process).count()
    try:
        groups = [g.name for g in process.stakeholder_groups.all()]
        groups += [g.slug for g in process.stakeholder_groups.all()]
        regions = [r.name for r in process.regions.all()] + [r.key for r in process.regions.all()]
        if not groups or not regions:
            sys.exit("the process has no stakeholder groups or regions: migrate the database")
        data, made_bad = make_csv(args.rows, args.bad, groups, regions, run)
        rss_before = _rss_mb()
        timed_import, check_seconds = _timed(check)
        rss_after_check = _rss_mb()
        imported, apply_seconds = _timed(apply(timed_import))
        rss_after_apply = _rss_mb()
        remove_this_run()
        traced_import, check_peak = _traced(check)
        _again, apply_peak = _traced(apply(traced_import))
    finally:
        remove_this_run()
        DirectoryImport.objects.filter(pk__in=import_ids).delete()
        if created["process"]:
            Process.objects.filter(pk=created["process"]).delete()
        if created["organisation"]:
            Organisation.objects.filter(name=created["organisation"]).delete()
    assert created["process"] or Stakeholder.objects.filter(process=process).count() == before

    print(
        json.dumps(
            {
                "database": connection.vendor,
                "rows": args.rows,
                "bytes": len(data),
                "encoding": timed_import.encoding,
                "bad_rows_made": made_bad,
                "bad_rows_found": timed_import.bad_rows,
                "imported": imported,
                "check_import": {
                    "seconds": check_seconds,
                    "tracemalloc_peak_mb": check_peak,
                    "maxrss_mb": rss_after_check,
                },
                "apply_import": {
                    "seconds": apply_seconds,
                    "tracemalloc_peak_mb": apply_peak,
                    "maxrss_mb": rss_after_apply,
                },
                "maxrss_mb_before": rss_before,
            }
        )
    )


if __name__ == "__main__":
    main()
