"""Django settings, read from the environment (see docs/settings.md for every variable)."""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from vigil.env import (
    SettingError,
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
    local_secret_key,
)

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("VIGIL_VAR_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("VIGIL_DEBUG", False)
SECRET_KEY = env_secret("VIGIL_SECRET_KEY") or local_secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list("VIGIL_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("VIGIL_CSRF_TRUSTED_ORIGINS", [])
SECURE_COOKIES = env_bool("VIGIL_SECURE_COOKIES", False)


def _database() -> dict:
    url = env_str("DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "vigil.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=60)
    except ValueError as exc:
        raise SettingError(f"DATABASE_URL: {exc}") from None
    if config["ENGINE"] not in (
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    ):
        raise SettingError(f"DATABASE_URL: {config['ENGINE']} is not supported; use postgres://")
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "ninja",
    "csp",
    "vigil.accounts",
    "vigil.registry",
    "vigil.lists",
    "vigil.publishing",
    "vigil.web",
    "vigil.api",
    "vigil.public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # ETags, and 304 when unchanged
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "vigil.web.middleware.PrivatePagesMiddleware",
]

ROOT_URLCONF = "vigil.urls"
WSGI_APPLICATION = "vigil.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "vigil.public.context.public_site",
            ],
        },
    },
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("VIGIL_PASSWORD_MIN_LENGTH", 15)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "person-list"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_AGE = env_int("VIGIL_SESSION_SECONDS", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_CONTENT_TYPE_NOSNIFF = True
# Other sites never learn which record was open; "no-referrer" would also blank the Origin
# of Vigil's own form posts, which CSRF protection then refuses.
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Nothing is loaded from elsewhere: no CDN, no analytics, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("be", "Беларуская"), ("ru", "Русский")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# The organisations whose figures the public home page shows, in this order (slugs); empty:
# every organisation that has published a person.
VIGIL_PUBLIC_ORGANISATIONS = env_list("VIGIL_PUBLIC_ORGANISATIONS", [])
# The authority of the feeds' tag: URIs (RFC 4151): a domain the publishing organisation
# controls, set once and never changed, so that entry ids stay the same on every copy.
VIGIL_TAG_AUTHORITY = env_str("VIGIL_TAG_AUTHORITY", "vigil.invalid")
# Where the static copy of the public site will be served (`vigil publish-site`): its feeds
# need absolute links.
VIGIL_PUBLIC_URL = env_str("VIGIL_PUBLIC_URL", "https://vigil.invalid")
VIGIL_SUPPRESS_CELLS_BELOW = env_int("VIGIL_SUPPRESS_CELLS_BELOW", 5)
# The licence of the open data (an SPDX identifier Vigil knows: CC-BY-4.0, CC0-1.0, ODbL-1.0).
VIGIL_OPEN_DATA_LICENCE = env_str("VIGIL_OPEN_DATA_LICENCE", "CC-BY-4.0")
if VIGIL_OPEN_DATA_LICENCE not in ("CC-BY-4.0", "CC0-1.0", "ODbL-1.0"):
    raise SettingError(f"VIGIL_OPEN_DATA_LICENCE={VIGIL_OPEN_DATA_LICENCE!r}: choose "
                       "CC-BY-4.0, CC0-1.0 or ODbL-1.0")
# Figures count "in custody at the end of day D" in this zone unless a figure says otherwise.
VIGIL_FIGURES_TIME_ZONE = env_str("VIGIL_FIGURES_TIME_ZONE", "Europe/Minsk")

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Logs name records by id only: no field value ever reaches a log line.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("VIGIL_LOG_LEVEL", "INFO")},
}
