"""Settings for the Keep it Local Award.

This is the one module that reads the environment. Every value has an embedded default that runs the site
on a laptop (SQLite, local files, mail to the console); production sets DJANGO_ENV=production and supplies
the secrets. See README.md for the variables.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# "production" unless told otherwise, so a forgotten variable fails closed rather than running with a
# development secret key and DEBUG on.
DJANGO_ENV = env_str("DJANGO_ENV", "production")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be development, test or production, not {DJANGO_ENV!r}"
    )
IS_PRODUCTION = DJANGO_ENV == "production"
IS_TEST = DJANGO_ENV == "test"

DEBUG = env_bool("DJANGO_DEBUG", DJANGO_ENV == "development")

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if IS_PRODUCTION:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set in production (DJANGO_ENV=production)."
        )
    SECRET_KEY = "insecure-development-key-never-used-in-production"  # noqa: S105  # development and test only; production refuses to start without its own  # nosec B105

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS",
    [] if IS_PRODUCTION else ["127.0.0.1", "localhost", "testserver"],
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "home.error_pages.csrf_failure"

INSTALLED_APPS = [
    "home",
    "awards",
    "judging",
    "wagtail_modeladmin",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "home.security.SiteCSPMiddleware",
    # Outside WhiteNoise, so static files get the Permissions-Policy too.
    "home.security.PrivateResponseMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "home.security.SessionIdleTimeoutMiddleware",
    # Judges and staff must have signed in with a second factor before they see any entry.
    "home.mfa.MfaRequiredMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "awards.middleware.PublishingRefusedMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "awards.context_processors.roles",
                "home.context_processors.idle_warning",
            ],
        },
    },
]
FORM_RENDERER = "home.forms.SiteFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        # Measured: PostgreSQL without persistent connections served half the requests/s of SQLite.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One backend: allauth's (sign-in by email), which also keeps anyone whose address is unproven out
# of every session, whichever view signed them in (home/accounts.py).
AUTHENTICATION_BACKENDS = ["home.accounts.VerifiedEmailBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if IS_TEST:
    # Hashing dominates test time otherwise; production keeps Django's default (PBKDF2).
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home:after_sign_in"
WAGTAILADMIN_LOGIN_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {
    "signup": "awards.account_forms.SignupForm",
    "login": "awards.account_forms.LoginForm",
}
ACCOUNT_ADAPTER = "home.accounts.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Keep it Local Award] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if IS_PRODUCTION else "http"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Keep it Local Award"
MFA_ADAPTER = "home.accounts.MfaAdapter"
# allauth is the one way in: Wagtail's own sign-in, sign-out and reset pages redirect to it
# (home/sign_in_routes.py), and the admin's account page offers no password form of its own.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False

# Authenticator secrets (TOTP keys, recovery-code seeds) are stored encrypted with Fernet, so a copy
# of the database alone does not give anyone the second factor. Several comma-separated keys: the
# first encrypts, any of them decrypts (to rotate, put the new key first and keep the old one listed).
AUTHENTICATOR_ENCRYPTION_KEYS = env_list("MFA_ENCRYPTION_KEY", [])
if not AUTHENTICATOR_ENCRYPTION_KEYS:
    if IS_PRODUCTION:
        raise ImproperlyConfigured(
            "MFA_ENCRYPTION_KEY must be set in production (DJANGO_ENV=production): a Fernet key, "
            "from `python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`."
        )
    # Development and test only; production refuses to start without its own.
    AUTHENTICATOR_ENCRYPTION_KEYS = ["I0kNAYiWFdlsCz2pCSmDPMcgajItGsMUOpS-MpZPLzI="]
try:
    from cryptography.fernet import Fernet

    for _key in AUTHENTICATOR_ENCRYPTION_KEYS:
        Fernet(_key)
except ValueError as error:
    raise ImproperlyConfigured(
        "MFA_ENCRYPTION_KEY must be Fernet keys (32 url-safe base64-encoded bytes)"
    ) from error

# Throttles on everything that takes a password, a code or a token (allauth's rate limits, kept in
# the "default" cache). Limits per address (IP) are tight: one address trying many accounts or many
# codes is an attacker. Limits per account must slow guessing without handing a stranger a way to lock
# the owner out, so the account's failed-password counter is kept per account *and* address
# (home.accounts.AccountAdapter): a stranger's wrong passwords use up the stranger's allowance, never
# the owner's. A guesser spreading over many addresses meets a second, per-account limit that applies
# only to browsers that have never completed a sign-in to that account; the owner's own browser (it
# carries a signed "signed in here before" cookie) is never held back by it. Codes (TOTP, recovery)
# are only asked of someone who already gave the right password, so their per-account limit is tight.
ACCOUNT_RATE_LIMITS = {
    "login": "20/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "login_failed_elsewhere": "30/h/key",
    "reauthenticate": "10/m/ip,10/m/user",
    "reset_password": "5/m/ip,3/h/key",  # a rate, not a password  # nosec B105
    "reset_password_from_key": "10/m/ip",  # a rate, not a password  # nosec B105
    "change_password": "10/m/ip,5/m/user",  # a rate, not a password  # nosec B105
    "signup": "5/m/ip",
    "confirm_email": "1/3m/key",
    "confirm_email_key": "10/m/ip",
    "page_password": "10/m/ip",  # a rate, not a password  # nosec B105
}
# Behind a proxy every request arrives from the proxy's address: say how many proxies to trust so
# the per-address limits count the visitor's address (X-Forwarded-For), not the proxy's.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

# Evidence is private: on disk it lives beside, never inside, MEDIA_ROOT, and nothing serves it directly.
PRIVATE_EVIDENCE_ROOT = Path(
    env_str("PRIVATE_EVIDENCE_ROOT", str(BASE_DIR / "var" / "private" / "evidence"))
)
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")


def evidence_transfer_config():
    """How evidence streams to S3: in 5 MB parts (the smallest S3 allows), one read ahead, two in flight.
    boto3's defaults (ten parts buffered, ten uploading) held 92 MB of a 100 MB upload (tests/bench)."""
    from boto3.s3.transfer import TransferConfig  # noqa: PLC0415 (only storage needs boto3)

    config = TransferConfig(
        multipart_threshold=8 * 1024 * 1024,
        multipart_chunksize=5 * 1024 * 1024,
        max_concurrency=2,
    )
    # An s3transfer setting that boto3's constructor does not take.
    config.max_in_memory_upload_chunks = 1
    return config


def evidence_storage(bucket_name: str, endpoint_url: str = "", region_name: str = "") -> dict:
    """The STORAGES entry for private evidence on S3 (also used by the S3 tests)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket_name,
            "endpoint_url": endpoint_url or None,
            "region_name": region_name or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            "signature_version": "s3v4",
            "location": "evidence",
            "transfer_config": evidence_transfer_config(),
        },
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
    "evidence": (
        evidence_storage(
            AWS_STORAGE_BUCKET_NAME,
            endpoint_url=env_str("AWS_S3_ENDPOINT_URL"),
            region_name=env_str("AWS_S3_REGION_NAME", "eu-west-2"),
        )
        if AWS_STORAGE_BUCKET_NAME
        else {
            "BACKEND": "config.storages.PrivateFileSystemStorage",
            "OPTIONS": {"location": PRIVATE_EVIDENCE_ROOT},
        }
    ),
}
# Public pages for anonymous visitors are cached whole for this long (0: off), in files every worker
# shares so that publishing clears them all (home/cache.py); tests/bench measures the gain.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60 if IS_PRODUCTION else 0)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The published parts of the public pages ({% public_cache %}), shared by every worker and cleared when
# anything they show changes (home.cache); 0 turns them off.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 600)
CACHES["fragments"] = (
    # Each test starts with an empty cache (tests/conftest.py).
    {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"}
    if IS_TEST
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("FRAGMENT_CACHE_DIR", str(BASE_DIR / "var" / "cache" / "fragments")),
        "TIMEOUT": FRAGMENT_CACHE_SECONDS,
    }
)
if PAGE_CACHE_SECONDS:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("PAGE_CACHE_DIR", str(BASE_DIR / "var" / "cache" / "pages")),
        "TIMEOUT": PAGE_CACHE_SECONDS,
    }
    CACHE_MIDDLEWARE_ALIAS = "pages"
    CACHE_MIDDLEWARE_SECONDS = PAGE_CACHE_SECONDS
    CACHE_MIDDLEWARE_KEY_PREFIX = "kil"
    # First and last: the cache answers before anything else runs, and stores what everything made.
    MIDDLEWARE = [
        "home.cache.AnonymousUpdateCacheMiddleware",
        *MIDDLEWARE,
        "home.cache.AnonymousFetchFromCacheMiddleware",
    ]

# Uploads over this size stream to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if IS_PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Keep it Local Award <award@keepitlocal.example>"
)
# How long personal data in nominations is kept after the award closes (`manage.py
# erase_expired_personal_data`; the privacy notice says three years).
PERSONAL_DATA_RETENTION_DAYS = env_int("PERSONAL_DATA_RETENTION_DAYS", 3 * 365)
AWARD_STAFF_EMAILS = env_list("AWARD_STAFF_EMAILS", ["award-team@keepitlocal.example"])

# Background work (receipts, reminders). "immediate" runs a task in the request after commit; production
# uses the database backend with `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[env_str("TASKS_BACKEND", "immediate")],
    }
}

WAGTAIL_SITE_NAME = "Keep it Local Award"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
# Wagtail's database backend, given only the words of what was typed (home/search.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "home.search"}}
WAGTAIL_I18N_ENABLED = False
# No Gravatar: it would send a hash of every admin user's email to a third party (and break the CSP).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Story images carry a credit as well as alt text (the image's description).
WAGTAILIMAGES_IMAGE_MODEL = "home.SiteImage"

if IS_PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_HTTPONLY = True
# Officers stay signed in for two weeks (they write over several days); judges, staff and editors are
# signed out after 30 minutes without a request (home/security.py).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600)
SESSION_IDLE_TIMEOUT_PRIVILEGED = env_int("SESSION_IDLE_TIMEOUT_PRIVILEGED", 30 * 60)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# django-csp 4: no inline script or style on the public site (the admin's one exception: home/security.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
