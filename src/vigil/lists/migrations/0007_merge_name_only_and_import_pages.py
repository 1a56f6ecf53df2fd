"""Joins two lines of migrations written side by side: the name-only matches
(0005_name_only_matches) and the manual merge's proposer with the import pages' list date and
corrections (0005_review_pair_proposed_by, 0006_pending_import_date_and_corrections)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("lists", "0005_name_only_matches"),
        ("lists", "0006_pending_import_date_and_corrections"),
    ]

    operations = []
