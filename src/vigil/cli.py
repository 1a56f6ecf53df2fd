"""The `vigil` command: one entry point for every job, wrapping Django's management commands."""

import os
import sys


def _run_pure(args: list[str]) -> None:
    """Commands of the pure cores run without Django: loading the settings would create
    var/secret_key and var/static in whatever directory the command runs in."""
    if len(args) > 1 and args[1] == "link":
        from vigil.linkage.cli import run_link

        sys.exit(run_link(args[2:], sys.stdout, sys.stderr))


def main(argv: list[str] | None = None) -> None:
    _run_pure(list(sys.argv if argv is None else ["vigil", *argv]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigil.settings")
    from django.core.management import execute_from_command_line

    from vigil.env import SettingError

    args = list(sys.argv if argv is None else ["vigil", *argv])
    if len(args) > 1 and not args[1].startswith("-"):
        # `vigil import-list` reads better than Django's `import_list`.
        args[1] = args[1].replace("-", "_")
    try:
        execute_from_command_line(args)
    except SettingError as exc:
        sys.exit(f"vigil: bad setting: {exc}")


if __name__ == "__main__":
    main()
