"""docs/deploy.md names only what exists: every `vigil` command and option it runs, every
setting, and the program every systemd unit's ExecStart= line starts (docs/commands.md then
describes each of Vigil's own commands it names)."""

import re
import shutil
from pathlib import Path

from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).parents[1]
DEPLOY = (ROOT / "docs" / "deploy.md").read_text()
# `vigil CMD …` at the start of a line of a code block, after a `…/bin/` path, or opening an
# inline code span; what follows up to the span's, the quote's or the line's end
INVOCATION = re.compile(r"(?:^\s*|/bin/|`)vigil ([a-z][\w-]*)([^`'\n]*)", re.M)
VIGIL_BIN = "/srv/vigil/.venv/bin/vigil "


def invocations(text: str) -> list[tuple[str, list[str]]]:
    return [(name.replace("-", "_"), re.findall(r"(?<!\S)(--[a-z][\w-]*)", rest))
            for name, rest in INVOCATION.findall(text)]


def options_of(name: str) -> set[str]:
    parser = load_command_class(get_commands()[name], name).create_parser("vigil", name)
    return {option for action in parser._actions for option in action.option_strings}


def test_every_vigil_command_and_option_in_the_guide_exists():
    named = invocations(DEPLOY)
    assert {"serve", "worker", "migrate", "backup", "restore", "backup_keygen"} <= {
        name for name, _ in named}
    commands = get_commands()
    assert not [name for name, _ in named if name not in commands]
    unknown = [(name, option) for name, options in named for option in options
               if option not in options_of(name)]
    assert not unknown


def test_vigils_own_commands_in_the_guide_are_in_the_command_reference():
    reference = (ROOT / "docs" / "commands.md").read_text()
    ours = {name for name, _ in invocations(DEPLOY)
            if get_commands()[name].startswith("vigil.")}
    assert "worker" in ours
    assert not [name for name in ours if f"vigil {name.replace('_', '-')}" not in reference]


def test_every_setting_in_the_guide_exists():
    source = (ROOT / "src" / "vigil" / "settings.py").read_text()
    settings = set(re.findall(r'env_(?:str|bool|int|list|secret|header)\("([A-Z_]+)"', source))
    # a secret is read from NAME or from the file NAME_FILE names (vigil.env.env_secret)
    settings |= {f"{name}_FILE" for name in re.findall(r'env_secret\("([A-Z_]+)"', source)}
    named = set(re.findall(r"\b(DATABASE_URL|VIGIL_[A-Z_]*[A-Z])\b", DEPLOY))
    assert {"VIGIL_SERVER_WORKERS", "VIGIL_BACKUP_RECIPIENTS"} <= named
    assert not named - settings


def test_every_systemd_unit_starts_a_real_command():
    starts = re.findall(r"^ExecStart=(.*)$", DEPLOY, re.M)
    assert len(starts) == 3  # the server, the worker, the backup
    for line in starts:
        inner = re.fullmatch(r"/bin/sh -c '(.*)'", line)
        command = inner.group(1) if inner else line
        assert command.startswith(VIGIL_BIN), line
        ((name, options),) = invocations(command)
        assert name in get_commands() and set(options) <= options_of(name), line
    for line in re.findall(r"^ExecStart(?:Pre|Post)=(\S+)", DEPLOY, re.M):
        assert shutil.which(line), line
