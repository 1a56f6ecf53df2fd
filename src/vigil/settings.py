"""Django settings, read from the environment (see docs/settings.md for every variable)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from vigil.env import (
    SettingError,
    env_bool,
    env_header,
    env_int,
    env_list,
    env_secret,
    env_str,
    local_secret_key,
    private_dir,
    private_file,
)

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = private_dir(Path(env_str("VIGIL_VAR_DIR", str(Path.cwd() / "var"))).resolve())

DEBUG = env_bool("VIGIL_DEBUG", False)
SECRET_KEY = env_secret("VIGIL_SECRET_KEY") or local_secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list("VIGIL_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("VIGIL_CSRF_TRUSTED_ORIGINS", [])
SECURE_COOKIES = env_bool("VIGIL_SECURE_COOKIES", False)
# Keys of the encrypted fields (vigil.registry.encryption): inline, or a file (var/field_keys).
VIGIL_FIELD_KEYS = env_str("VIGIL_FIELD_KEYS")
VIGIL_FIELD_KEYS_FILE = env_str("VIGIL_FIELD_KEYS_FILE")
# Public age keys (age1…) that `vigil backup` encrypts to; the private keys stay elsewhere.
VIGIL_BACKUP_RECIPIENTS = env_list("VIGIL_BACKUP_RECIPIENTS", [])


def _database() -> dict:
    url = env_str("DATABASE_URL")
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": private_file(VAR_DIR / "vigil.sqlite3"),
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


def _progress_store(default: dict) -> dict:
    """The `progress` alias: where a running task's progress and the workers' heartbeats are
    written (vigil.lists.routers). On SQLite a file of its own, so that an import holding the
    main database's write lock never blocks them; on PostgreSQL the same database, through a
    connection of its own, so that they commit apart from the import's transaction."""
    if default["ENGINE"] == "django.db.backends.sqlite3":
        main = Path(default["NAME"])
        return {**default, "NAME": main.with_name(f"{main.stem}-progress.sqlite3")}
    return {**default, "TEST": {"MIRROR": "default"}}


DATABASES = {"default": _database()}
DATABASES["progress"] = _progress_store(DATABASES["default"])
DATABASE_ROUTERS = ["vigil.lists.routers.ProgressRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "ninja",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "vigil.accounts",
    "vigil.registry",
    "vigil.lists",
    "vigil.publishing",
    "vigil.changelog",
    "vigil.web",
    "vigil.api",
    "vigil.audit",
    "vigil.backups",
    "vigil.public",
    "vigil.statements",
    "vigil.languages",
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
    "vigil.languages.middleware.RememberedLanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "vigil.accounts.middleware.SessionLifetimeMiddleware",
    "vigil.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "vigil.audit.log.AuditMiddleware",
    "vigil.web.middleware.PrivatePagesMiddleware",
    "axes.middleware.AxesMiddleware",
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
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "person-list"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_AGE = env_int("VIGIL_SESSION_SECONDS", 8 * 3600)
# A login left untouched this long ends too (a laptop left open); see vigil.accounts.middleware.
VIGIL_SESSION_IDLE_SECONDS = env_int("VIGIL_SESSION_IDLE_SECONDS", 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_CONTENT_TYPE_NOSNIFF = True
# HTTPS, behind a TLS proxy: see "Production" in docs/settings.md.
SECURE_SSL_REDIRECT = env_bool("VIGIL_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = env_header("VIGIL_PROXY_SSL_HEADER")
SECURE_HSTS_SECONDS = env_int("VIGIL_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("VIGIL_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("VIGIL_HSTS_PRELOAD", False)
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

# Accounts (docs/security.md): failed logins are counted per account and per address by
# django-axes; a second factor comes from django-otp.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("VIGIL_LOGIN_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# 0: locked until `vigil unlock`.
AXES_COOLOFF_TIME = timedelta(minutes=env_int("VIGIL_LOGIN_LOCKOUT_MINUTES", 30)) or None
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "vigil.accounts.throttling.lockout_page"
AXES_CLIENT_IP_CALLABLE = "vigil.accounts.throttling.client_address"
VIGIL_CLIENT_ADDRESS_HEADER = env_str("VIGIL_CLIENT_ADDRESS_HEADER")
# Successful logins are not recorded: where documenters log in from is itself sensitive.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
OTP_TOTP_ISSUER = "Vigil"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

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
# A release's breakdown row holding fewer hidden persons than this is not shown to a reader
# (vigil/publishing/suppression.py).
VIGIL_SUPPRESS_CELLS_BELOW = env_int("VIGIL_SUPPRESS_CELLS_BELOW", 5)

# Long work (imports, their dry runs) runs as tasks of django-tasks' database backend, run by
# `vigil worker` (vigil.lists.tasks, docs/lists.md "The task queue").
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Uploaded lists wait here for their job (mode 0700; each file 0600), never in the database.
UPLOAD_DIR = VAR_DIR / "uploads"
# A worker silent this long is gone: /healthz fails and its running task is retried.
WORKER_STALE_SECONDS = env_int("VIGIL_WORKER_STALE_SECONDS", 30)

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_PERMISSIONS = 0o600  # archived copies of sources, readable by Vigil only
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Static files are collected by `vigil serve` under names holding their content's hash,
# compressed, and served with a cache lifetime of ten years (a new version has a new name).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# `vigil serve`: processes (gunicorn) and threads in each.
VIGIL_SERVER_WORKERS = env_int("VIGIL_SERVER_WORKERS", 2, minimum=1)
VIGIL_SERVER_THREADS = env_int("VIGIL_SERVER_THREADS", 8, minimum=1)

# Logs name records by id only: no field value ever reaches a log line.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("VIGIL_LOG_LEVEL", "INFO")},
    # django-axes notes every successful login at INFO; failures and lockouts stay (WARNING).
    "loggers": {"axes": {"level": "WARNING"}},
}
