"""Joins two migrations written side by side: the name-only matches (0005_name_only_matches)
and the reviewed manual merge's proposer (0005_review_pair_proposed_by)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("lists", "0005_name_only_matches"),
        ("lists", "0005_review_pair_proposed_by"),
    ]

    operations = []
