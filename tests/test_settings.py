import subprocess
import sys

import pytest

from vigil.env import SettingError, env_bool, env_int, env_list, env_secret, local_secret_key


@pytest.mark.parametrize(("raw", "value"), [("1", True), ("true", True), ("no", False),
                                            ("", False)])
def test_booleans_accept_only_clear_words(monkeypatch, raw, value):
    monkeypatch.setenv("VIGIL_X", raw)
    assert env_bool("VIGIL_X", False) is value


@pytest.mark.parametrize(("reader", "raw"), [(env_bool, "maybe"), (env_int, "eight")])
def test_a_bad_value_names_the_variable(monkeypatch, reader, raw):
    monkeypatch.setenv("VIGIL_X", raw)
    with pytest.raises(SettingError, match=f"VIGIL_X='{raw}'"):
        reader("VIGIL_X", 0)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("VIGIL_X", "a.org, b.org,")
    assert env_list("VIGIL_X", []) == ["a.org", "b.org"]


def test_a_secret_can_come_from_a_file_and_an_unreadable_one_fails(monkeypatch, tmp_path):
    (tmp_path / "key").write_text("s3cret\n")
    monkeypatch.setenv("VIGIL_K_FILE", str(tmp_path / "key"))
    assert env_secret("VIGIL_K") == "s3cret"
    monkeypatch.setenv("VIGIL_K_FILE", str(tmp_path / "missing"))
    with pytest.raises(SettingError, match="VIGIL_K_FILE"):
        env_secret("VIGIL_K")


def test_the_local_secret_key_is_generated_once_and_private(tmp_path):
    first = local_secret_key(tmp_path)
    assert local_secret_key(tmp_path) == first and len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_the_command_refuses_a_bad_setting_with_a_message(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "vigil.cli", "check"], capture_output=True, text=True,
        env={"VIGIL_DEBUG": "maybe", "VIGIL_VAR_DIR": str(tmp_path), "PATH": "/usr/bin"},
    )
    assert result.returncode != 0
    assert "bad setting: VIGIL_DEBUG='maybe'" in result.stderr
    assert "Traceback" not in result.stderr
