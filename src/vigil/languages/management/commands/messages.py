"""`vigil messages`: the catalogues of every language Vigil is translated into, brought up to
date with the source (new messages added empty, vanished ones dropped, entries sorted, no
source locations, so that diffs stay small), compiled, and what is left to translate
(docs/i18n.md)."""

from contextlib import chdir

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.management.commands import makemessages

from vigil.languages.catalogues import LOCALE_DIR, catalogue_path, state_of

IGNORED = ["locale/*", "*/migrations/*", "*/static/*"]


class SortedMakeMessages(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--sort-output"]
    msguniq_options = [*makemessages.Command.msguniq_options, "--sort-output"]


def translated_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class Command(BaseCommand):
    help = "Update the be and ru catalogues from the source, compile them, say what is left."

    def add_arguments(self, parser):
        parser.add_argument("--locale", "-l", action="append", choices=translated_languages(),
                            help="Only this language (repeat for more); default: every one.")

    def handle(self, *args, locale=None, **options):
        languages = locale or translated_languages()
        verbosity = options["verbosity"]
        with chdir(LOCALE_DIR.parent):
            call_command(SortedMakeMessages(), locale=languages, no_location=True,
                         no_obsolete=True, ignore_patterns=IGNORED, verbosity=verbosity)
            call_command("compilemessages", locale=languages, verbosity=verbosity)
        for language in languages:
            if catalogue_path(language).exists():
                self.stdout.write(str(state_of(language)))
