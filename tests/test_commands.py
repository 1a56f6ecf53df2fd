import pytest
from django.core.management import CommandError, call_command


@pytest.mark.django_db
@pytest.mark.parametrize("command", [
    ["import_list", "--org", "nowhere", "list.csv"],
    ["export_decisions", "--org", "nowhere"],
    ["find_duplicates", "--org", "nowhere"],
    ["add_user", "someone", "--org", "nowhere", "--role", "viewer"],
])
def test_an_unknown_organisation_is_named_with_the_known_ones(org_a, command):
    with pytest.raises(CommandError, match="--org 'nowhere': no such organisation "
                                           r"\(known: org-a\)"):
        call_command(*command)
