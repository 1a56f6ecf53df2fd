"""`vigil add-user` takes the password from a prompt or a file, never from the command line,
and checks it (length, common passwords, similarity to the username)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

GOOD = "a long passphrase of seven words"


def add_user(*args) -> str:
    out = io.StringIO()
    call_command("add_user", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_password_comes_from_the_prompt(org_a, monkeypatch):
    answers = iter([GOOD, GOOD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    said = add_user("anna", "--org", "org-a", "--role", "reviewer")
    assert "Created anna (reviewer of org-a)" in said
    assert "second factor at their first login" in said
    assert get_user_model().objects.get(username="anna").check_password(GOOD)


@pytest.mark.django_db
def test_two_different_answers_create_nobody(org_a, monkeypatch):
    answers = iter([GOOD, GOOD + "!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="the two passwords differ"):
        add_user("anna", "--org", "org-a", "--role", "viewer")
    assert not get_user_model().objects.filter(username="anna").exists()


@pytest.mark.django_db
def test_the_password_comes_from_a_file(org_a, tmp_path):
    secret = tmp_path / "password"
    secret.write_text(GOOD + "\n")
    add_user("anna", "--org", "org-a", "--role", "viewer", "--password-file", str(secret))
    assert get_user_model().objects.get(username="anna").check_password(GOOD)


@pytest.mark.django_db
def test_a_password_like_the_username_is_refused(org_a, tmp_path):
    secret = tmp_path / "password"
    secret.write_text("aleksandra.kovalenko")
    with pytest.raises(CommandError, match="--password-file: The password is too similar to "
                                           "the username"):
        add_user("aleksandra.kovalenko", "--org", "org-a", "--role", "viewer",
                 "--password-file", str(secret))
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_a_missing_file_is_named(org_a, tmp_path):
    with pytest.raises(CommandError, match="--password-file .*nothing-here: cannot read it"):
        add_user("anna", "--org", "org-a", "--role", "viewer",
                 "--password-file", str(tmp_path / "nothing-here"))


def test_the_command_line_takes_no_password():
    with pytest.raises(CommandError, match="unrecognized arguments: --password"):
        call_command("add_user", "anna", "--org", "org-a", "--role", "viewer",
                     "--password", GOOD)


def test_vigil_hashes_passwords_with_argon2():
    import vigil.settings as production  # the module, not the suite's faster override

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
