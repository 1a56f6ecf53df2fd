"""Name variants are searched by phonetic keys and given-name classes: recompute the stored
tokens. Any later change to `vigil.names.search_index` needs a migration like this one."""

from django.db import migrations

from vigil.names import search_index


def reindex(apps, schema_editor):
    NameVariant = apps.get_model("registry", "NameVariant")
    batch = []
    for variant in NameVariant.objects.only("pk", "text").iterator(chunk_size=2000):
        variant.search_keys = search_index(variant.text)
        batch.append(variant)
        if len(batch) == 2000:
            NameVariant.objects.bulk_update(batch, ["search_keys"])
            batch.clear()
    NameVariant.objects.bulk_update(batch, ["search_keys"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_seed_vocabularies")]
    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
