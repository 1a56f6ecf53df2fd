"""Seed the Criminal Code articles political cases use (about fifty rows) and the Code of
Administrative Offences articles behind administrative arrests (the 2021 code as CAO, the 2003
code as CAO-2003), each titled in be/ru/en, from vigil/registry/data/. The seed upserts, so
existing rows keep their ids and a database seeded before gets only what is new."""

from django.db import migrations


def seed(apps, schema_editor):
    from vigil.registry.vocabularies import seed_vocabularies

    seed_vocabularies(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0007_court_officials"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
