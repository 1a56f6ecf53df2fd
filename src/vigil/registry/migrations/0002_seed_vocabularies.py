"""Seed the vocabularies (regions, occupations, condition types, facilities, criminal-code
articles) from vigil/registry/data/. Re-running the seed later is safe: it upserts."""

from django.db import migrations


def seed(apps, schema_editor):
    from vigil.registry.vocabularies import seed_vocabularies

    seed_vocabularies(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
