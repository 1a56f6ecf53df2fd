"""The `vigil` command: one entry point for every job, wrapping Django's management commands."""

import os
import sys

from vigil.core_errors import LANGUAGES


def take_language(args: list[str]) -> tuple[list[str], str]:
    """`args` without `--language CODE` (or `--language=CODE`), and CODE: the language the
    command's messages are written in, English (the settings' LANGUAGE_CODE) when not given."""
    rest, language, args = [], "en", list(args)
    while args:
        arg = args.pop(0)
        if arg == "--language" and args:
            language = args.pop(0)
        elif arg.startswith("--language="):
            language = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    if language not in LANGUAGES:
        sys.exit(f"vigil: --language {language!r}: choose one of {', '.join(LANGUAGES)}")
    return rest, language


def _run_pure(args: list[str]) -> None:
    """Commands of the pure cores run without Django: loading the settings would create
    var/secret_key and var/static in whatever directory the command runs in."""
    if len(args) > 1 and args[1] == "link":
        from vigil.linkage.cli import run_link

        sys.exit(run_link(args[2:], sys.stdout, sys.stderr))


def main(argv: list[str] | None = None) -> None:
    args, language = take_language(sys.argv if argv is None else ["vigil", *argv])
    _run_pure(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigil.settings")
    import django
    from django.core.management import execute_from_command_line
    from django.utils import translation

    from vigil.env import SettingError

    if len(args) > 1 and not args[1].startswith("-"):
        # `vigil import-list` reads better than Django's `import_list`.
        args[1] = args[1].replace("-", "_")
    try:
        django.setup()
        translation.activate(language)
        execute_from_command_line(args)
    except SettingError as exc:
        sys.exit(f"vigil: bad setting: {exc}")


if __name__ == "__main__":
    main()
