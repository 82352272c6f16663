"""Settings for Mentorordning.

One readable module. Every value that differs between machines comes from an
environment variable with a safe default for development. Set
``MENTORING_ENV=production`` on a server: secrets then come only from the
environment and the security settings are strict. See ``docs/operations.md``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent  # src/mentoring
PROJECT_DIR = BASE_DIR.parent.parent  # repository root
VAR_DIR = Path(os.environ.get("MENTORING_VAR_DIR", PROJECT_DIR / "var"))

ENV = os.environ.get("MENTORING_ENV", "development")
if ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured(
        f"MENTORING_ENV must be 'development', 'production' or 'test', not {ENV!r}."
    )
PRODUCTION = ENV == "production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production the secret key must come from the "
            "environment: export SECRET_KEY with at least 50 random characters "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))").'
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdefghij"  # noqa: S105
# Previous secret keys while a new SECRET_KEY is rolled out, separated by spaces:
# sessions, signed values and API/SCIM tokens made under them keep working (tokens are
# re-hashed with the new key at their first use). docs/operations.md, "Tokens and SECRET_KEY".
SECRET_KEY_FALLBACKS = os.environ.get("SECRET_KEY_FALLBACKS", "").split()

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Absolute links (mail, calendar files, feed). scripts/run.sh (`make run`) exports the
# address it serves on when SITE_URL is not set; production must set it.
SITE_URL = (os.environ.get("SITE_URL") or "").strip().rstrip("/")
if not SITE_URL:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SITE_URL is not set. In production links in e-mails and calendar files need "
            "the site's address: export SITE_URL, e.g. https://mentor.example.org."
        )
    SITE_URL = "http://127.0.0.1:8000"

INSTALLED_APPS = [
    "mentoring.common",
    "mentoring.accounts",
    "mentoring.programmes",
    "mentoring.participants",
    "mentoring.matching",
    "mentoring.relationships",
    "mentoring.meetings",
    "mentoring.evaluations",
    "mentoring.reports",
    "mentoring.webhooks",
    "mentoring.privacy",
    "mentoring.provisioning",
    "mentoring.portal",
    "mentoring.operations",
    "mentoring.api",
    "mentoring.sso",
    "mentoring.demo",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    # First: times the whole request for /metrics.
    "mentoring.operations.middleware.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "mentoring.common.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Adds the identity providers' origins to the policy's form-action.
    "mentoring.sso.middleware.ProviderFormActionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mentoring.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "mentoring.common.middleware.NulInAddressMiddleware",
    "mentoring.accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "mentoring.urls"
WSGI_APPLICATION = "mentoring.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mentoring.common.context_processors.site",
                "mentoring.programmes.context_processors.coordinator_nav",
            ],
        },
    },
]

# Every form field renders through common/field.html ({{ field.as_field_group }}).
FORM_RENDERER = "mentoring.common.forms.FormRenderer"

# --- Database -------------------------------------------------------------
# SQLite by default (WAL, IMMEDIATE transactions, a busy timeout);
# PostgreSQL when DATABASE_URL is set.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "mentoring.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds what every web process must share: allauth's rate limits and login
# lockout counters. Local memory by default (one process); production without
# CACHE_URL uses a folder shared by the processes of one machine (below); several
# machines set CACHE_URL=redis://host:6379/0 (Django's built-in Redis cache, the
# `redis` package). See docs/operations.md, "Several nodes".
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CACHE_URL = os.environ.get("CACHE_URL", "").strip()

# --- Authentication -------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's and allauth's backends, loading each request's user together with
    # the facts the guards and the navigation ask about (accounts.backends).
    "mentoring.accounts.backends.ModelBackend",
    "mentoring.accounts.backends.AuthenticationBackend",
]
# ASVS level 2 (V2.1): at least 12 characters, no common password (Django's list of
# about 20,000, offline), and no word that is easy to guess here: the product's and
# the programmes' names, the person's e-mail address (accounts.validators).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "mentoring.accounts.validators.ProductWordsValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# accounts' adapter plus single sign-on ("SSO only", the MFA stage, RP-initiated logout).
ACCOUNT_ADAPTER = "mentoring.sso.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Adds the person's name to the sign-up form (stored by AccountAdapter.save_user).
ACCOUNT_SIGNUP_FORM_CLASS = "mentoring.accounts.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# Verification is mandatory in production; in development it can be relaxed
# with ACCOUNT_EMAIL_VERIFICATION=optional.
ACCOUNT_EMAIL_VERIFICATION = (
    "mandatory" if PRODUCTION else os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
)
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mentorordning] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_RATE_LIMITS = {
    # Failed logins are limited per client address, and per account *from that
    # address* (AccountAdapter._get_login_attempts_cache_key), so a stranger
    # elsewhere cannot lock a member out.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# The client address behind a reverse proxy (common.http.client_ip, used by the rate
# limits, the login lockout and the audit log). TRUSTED_PROXY_COUNT: how many proxies
# of your own append to X-Forwarded-For (0: the header is ignored, anyone can send it).
# TRUSTED_CLIENT_IP_HEADER: or the header your proxy sets to the visitor's address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("TRUSTED_CLIENT_IP_HEADER") or None

# --- Single sign-on (the sso app; providers are rows edited at /staff/sso/) ---
SOCIALACCOUNT_ADAPTER = "mentoring.sso.adapter.SocialAccountAdapter"
# Just-in-time accounts; linking to an existing account follows the sso app's rules
# (trusted domain and verified e-mail), never allauth's e-mail matching.
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
ACCOUNT_FORMS = {"reset_password": "mentoring.sso.forms.ResetPasswordForm"}
# SAML: our service provider's key pair (PEM files, the key readable only by the service).
# With both set, AuthnRequests and logout messages are signed (RSA-SHA256) and the
# certificate is published in our SP metadata; without them requests go unsigned.
SAML_SP_KEY_FILE = os.environ.get("SAML_SP_KEY_FILE", "")
SAML_SP_CERT_FILE = os.environ.get("SAML_SP_CERT_FILE", "")

MFA_ADAPTER = "mentoring.accounts.mfa_adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mentorordning"
MFA_RECOVERY_CODE_COUNT = 10
# The code field is focused when the two-factor page opens (accounts/mfa_forms.py).
MFA_FORMS = {
    "authenticate": "mentoring.accounts.mfa_forms.CodeFocusedAuthenticateForm",
    "reauthenticate": "mentoring.accounts.mfa_forms.CodeFocusedReauthenticateForm",
}

# Idle timeout: 2 hours without a request ends the session. The session's expiry is
# renewed when it is older than SESSION_REFRESH_SECONDS (not on every request: that
# would be a database write per page view), so it ends between 2 hours minus 5 minutes
# and 2 hours after the last request (accounts.middleware.SessionTimeoutMiddleware).
# Absolute timeout: 12 hours after login. Closing the browser ends it too. Sessions
# live in the database, so every web node sees every session.
SESSION_COOKIE_AGE = 60 * 60 * 2
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = int(os.environ.get("SESSION_REFRESH_SECONDS", "300"))
SESSION_ABSOLUTE_TIMEOUT = 60 * 60 * 12
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "mentoring_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
# English pages write dates day-month-year and times on the 24-hour clock
# (the readers are a Danish organisation's); Danish uses Django's formats.
FORMAT_MODULE_PATH = ["mentoring.common.formats"]

# --- Static files ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))
# Files people upload or the app produces go through STORAGES["default"]: a local
# folder (MEDIA_ROOT) by default. Several machines share one folder (NFS) or use an
# S3-compatible store through django-storages (not installed by default; see
# docs/operations.md, "Several nodes"): FILE_STORAGE_BACKEND names the class and
# FILE_STORAGE_OPTIONS (JSON) its options.
STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": json.loads(os.environ.get("FILE_STORAGE_OPTIONS") or "{}"),
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production WhiteNoise serves straight from the apps' static folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Reports made by the worker (the programme report as PDF) are files in that
# storage, deleted with their job this many hours after they were made; a
# finished one younger than REPORT_JOB_REUSE_MINUTES is offered again.
REPORT_JOB_EXPIRY_HOURS = int(os.environ.get("REPORT_JOB_EXPIRY_HOURS", "24"))
REPORT_JOB_REUSE_MINUTES = int(os.environ.get("REPORT_JOB_REUSE_MINUTES", "10"))
# A job whose worker was killed is rendered again by its reclaimed task, at most
# this many attempts in all; one whose task is gone fails after this many
# minutes without progress.
REPORT_JOB_MAX_ATTEMPTS = int(os.environ.get("REPORT_JOB_MAX_ATTEMPTS", "3"))
REPORT_JOB_STALE_MINUTES = int(os.environ.get("REPORT_JOB_STALE_MINUTES", "30"))

# --- Mail -----------------------------------------------------------------
# Every e-mail goes through the outbox (mentoring.common.mail); the worker
# sends it through this mailer. Development writes mails to var/mail.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mentorordning <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAIL_DOMAIN = os.environ.get("MAIL_DOMAIN", "mentorordning.local")
if os.environ.get("SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["SMTP_HOST"],
                "port": int(os.environ.get("SMTP_PORT", "587")),
                "username": os.environ.get("SMTP_USER", ""),
                "password": os.environ.get("SMTP_PASSWORD", ""),
                "use_tls": env_bool("SMTP_USE_TLS", True),
                "timeout": 30,
            },
        }
    }
elif PRODUCTION:
    raise ImproperlyConfigured(
        "SMTP_HOST is not set. In production e-mail is sent through SMTP: export SMTP_HOST "
        "(and SMTP_PORT, SMTP_USER, SMTP_PASSWORD as your provider requires)."
    )
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    }
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "5"))
# A mail left "sending" this long was cut off (its worker died): it is sent again
# under the same Message-ID.
OUTBOX_STALE_CLAIM_SECONDS = int(os.environ.get("OUTBOX_STALE_CLAIM_SECONDS", "600"))

# --- Background tasks -----------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Several workers share the queue in the database. A task still "running" after
# this many seconds lost its worker (killed mid-task) and is queued again by the
# periodic tick (common.leases.tasks_reclaim_stale); keep it above the longest task.
TASK_RECLAIM_AFTER_SECONDS = int(os.environ.get("TASK_RECLAIM_AFTER_SECONDS", "900"))

# --- Webhooks -------------------------------------------------------------
# Key for encrypting the endpoints' signing secrets (any long random string);
# empty: derived from SECRET_KEY. See docs/webhooks.md before changing either.
WEBHOOKS_SECRET_KEY = os.environ.get("WEBHOOKS_SECRET_KEY", "")
# Endpoints on loopback (127.0.0.1, ::1, localhost), also over plain http: for
# development and tests only. Private, link-local and other non-public
# addresses are always refused.
WEBHOOKS_ALLOW_LOOPBACK = env_bool("WEBHOOKS_ALLOW_LOOPBACK", default=DEBUG and not PRODUCTION)
# Seconds to wait for a receiver's answer.
WEBHOOKS_TIMEOUT = float(os.environ.get("WEBHOOKS_TIMEOUT", "10"))
# Extra certificate authorities (a PEM file) the receivers' certificates may be
# signed by; empty: the system's. The tests use it for their own receiver.
WEBHOOKS_CA_FILE = os.environ.get("WEBHOOKS_CA_FILE", "")
# Days a delivered or failed webhook delivery stays in the log.
WEBHOOKS_LOG_RETENTION_DAYS = int(os.environ.get("WEBHOOKS_LOG_RETENTION_DAYS", "30"))

# --- Privacy --------------------------------------------------------------
# The fewest respondents behind any survey result a coordinator sees. A
# programme may ask for more, never fewer; a deployer may raise the floor
# (never below 3, at most 20, the highest a programme can set).
MENTORING_MIN_RESPONDENTS_FLOOR = min(
    20, max(3, int(os.environ.get("MENTORING_MIN_RESPONDENTS_FLOOR", "3")))
)
# Retention (the privacy register and docs/privacy.md): audit entries and sent
# or failed mail are deleted after these many days; a programme without an
# end date is anonymised after these many months without activity (its last
# audit entry is the activity, so the audit log is kept longer than that).
MENTORING_AUDIT_RETENTION_DAYS = int(os.environ.get("MENTORING_AUDIT_RETENTION_DAYS", "1095"))
MENTORING_OUTBOX_RETENTION_DAYS = int(os.environ.get("MENTORING_OUTBOX_RETENTION_DAYS", "90"))
MENTORING_RETENTION_INACTIVE_MONTHS = int(
    os.environ.get("MENTORING_RETENTION_INACTIVE_MONTHS", "24")
)
# An account deactivated by the organisation (SCIM or the CSV upload: the
# person left) is erased these many days after its deactivation.
MENTORING_DEACTIVATED_RETENTION_DAYS = int(
    os.environ.get("MENTORING_DEACTIVATED_RETENTION_DAYS", "90")
)

# --- Operations: backups, erasure ledger, health, metrics -------------------
# docs/operations.md. Scheduled backups run in the worker when MENTORING_BACKUP_DIR
# is set: every MENTORING_BACKUP_INTERVAL_HOURS, keeping the newest
# MENTORING_BACKUP_KEEP; encrypted (AES-256-GCM) when MENTORING_BACKUP_KEY is set.
MENTORING_BACKUP_DIR = os.environ.get("MENTORING_BACKUP_DIR", "")
MENTORING_BACKUP_INTERVAL_HOURS = float(os.environ.get("MENTORING_BACKUP_INTERVAL_HOURS", "24"))
MENTORING_BACKUP_KEEP = max(1, int(os.environ.get("MENTORING_BACKUP_KEEP", "14")))
MENTORING_BACKUP_KEY = os.environ.get("MENTORING_BACKUP_KEY", "")
# pg_dump/pg_restore when they are not in the newest /usr/lib/postgresql/*/bin or the PATH.
MENTORING_PG_BIN_DIR = os.environ.get("MENTORING_PG_BIN_DIR", "")
# Completed erasures (ids only), re-applied after every restore. Outside the database
# and outside the backups; on several web nodes, on storage they share.
MENTORING_ERASURE_LEDGER = os.environ.get(
    "MENTORING_ERASURE_LEDGER", str(VAR_DIR / "erasure-ledger.jsonl")
)
# /readyz fails when no worker ran its periodic tick for this many seconds (0: not checked).
MENTORING_READYZ_WORKER_MAX_AGE = int(os.environ.get("MENTORING_READYZ_WORKER_MAX_AGE", "180"))
# /metrics answers only "Authorization: Bearer <token>"; without a token it is off (404).
MENTORING_METRICS_TOKEN = os.environ.get("MENTORING_METRICS_TOKEN", "")
# --- REST API (mentoring.api, docs/api.md) ---------------------------------
# Requests per token (shared cache: give every node the same CACHE backend).
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600/min")
# Stored answers of POSTs sent with an Idempotency-Key are kept this long.
MENTORING_API_IDEMPOTENCY_DAYS = int(os.environ.get("MENTORING_API_IDEMPOTENCY_DAYS", "1"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["mentoring.api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["mentoring.api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["mentoring.api.throttling.TokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "mentoring.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "mentoring.api.problems.handle_exception",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mentorordning API",
    "DESCRIPTION": "Programme data for HR systems, reporting tools and intranets. "
    "Authenticate with `Authorization: Bearer <token>` (coordinators create tokens "
    "under /coordinate/api-tokens/). Errors are RFC 9457 problem details.",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "mentoring.participants.enums.ApplicationStatus",
        "RunStatusEnum": "mentoring.matching.enums.RunStatus",
        "MentorshipStatusEnum": "mentoring.relationships.enums.MentorshipStatus",
        "MeetingStatusEnum": "mentoring.meetings.enums.MeetingStatus",
    },
}

# --- Security -------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features the app does not use, switched off for every page
# (common.middleware.PermissionsPolicyMiddleware). Only features Chromium and
# Firefox recognise: an unknown name is a console error. MFA is TOTP and recovery
# codes only; add "publickey-credentials-get": ["self"] (and -create) with passkeys.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-create",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is hard to undo (browsers ship the list for months), so it is the
    # deployer's decision: SECURE_HSTS_PRELOAD=true once every subdomain serves HTTPS.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]  # "SECURE_HSTS_PRELOAD is not True"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # Rate limits must be shared by all web processes of one machine.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"CACHE_URL must be a Redis address (redis://host:6379/0), not {CACHE_URL!r}."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "mentoring"),
        }
    }

# MENTORING_LOG_FORMAT=json: one JSON object per line (operations.jsonlog).
LOG_FORMAT = os.environ.get("MENTORING_LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(
        f"MENTORING_LOG_FORMAT must be 'text' or 'json', not {LOG_FORMAT!r}."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "mentoring.operations.jsonlog.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # One handler for Django's loggers (its default adds a second one).
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs a dozen INFO lines per PDF.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
