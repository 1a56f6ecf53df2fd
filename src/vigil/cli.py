"""The `vigil` command: one entry point for every job, wrapping Django's management commands."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
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
