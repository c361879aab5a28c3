"""Loads the districts and district-free cities of Saxony-Anhalt (official 5-digit keys)
and the default stakeholder groups. Other states: add a regions_<state>.json file and a
migration like this one (or `manage.py load_regions FILE`)."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Region = apps.get_model("processes", "Region")
    StakeholderGroup = apps.get_model("processes", "StakeholderGroup")
    for row in json.loads((DATA / "regions_sachsen_anhalt.json").read_text(encoding="utf-8")):
        Region.objects.update_or_create(
            key=row["key"],
            defaults={
                "name": row["name"],
                "kind": row["kind"],
                "state": row["state"],
                "seat": row.get("seat", ""),
            },
        )
    for row in json.loads((DATA / "stakeholder_groups.json").read_text(encoding="utf-8")):
        StakeholderGroup.objects.update_or_create(
            slug=row["slug"], defaults={"name": row["name"], "position": row["position"]}
        )


class Migration(migrations.Migration):
    dependencies = [("processes", "0001_initial_processes_and_taxonomies")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
