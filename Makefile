# Mentorordning. `make run` starts the app, `make test` runs every check.
# Everything that is missing is installed on the way.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?=
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
SRC := src/mentoring
APPS := $(patsubst $(SRC)/%/locale,%,$(wildcard $(SRC)/*/locale))
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help
help:
	@echo "make run        install what is missing, prepare the database, start web + worker with demo data"
	@echo "make test       lint, type checks, import contracts, migrations and translations checks, the whole suite on SQLite"
	@echo "make test-pg    the same suite on a throw-away PostgreSQL cluster"
	@echo "make test-e2e   only the browser tests"
	@echo "make messages   update the Danish translation catalogues"
	@echo "make lock       re-pin dependencies from requirements/*.in"
	@echo "make docs       regenerate docs/permissions.md and docs/privacy.md (the tests check them)"
	@echo "make audit      check the pinned requirements against a vulnerability database (exit 3: none reachable)"
	@echo "make sso-idp    start the local OpenID Connect test provider for single sign-on (docs/operations.md)"
	@echo "make sso-saml-idp  start the local SAML test identity provider (docs/operations.md)"
	@echo "make bench      benchmarks (BENCH=all|matching|dashboard|pages|report|api|webhooks|backup|load): matching (our solver vs dense scipy vs greedy, minutes), the results dashboard, coordinator pages, the PDF report (in the request vs by the worker) and the API at 5,000 participants, webhooks, backup/restore, load"
	@echo "make bench-load the load benchmark alone: 8 users against gunicorn on SQLite and PostgreSQL"
	@echo "make test-cluster the multi-node fault test: PostgreSQL, Redis, two web nodes, two workers, kills"

$(STAMP): requirements/base.txt requirements/dev.txt
	@py=$$(PYTHON="$(PYTHON)" scripts/find-python.sh) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then \
		rm -rf $(VENV); echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV) || exit 1; \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/base.txt -r requirements/dev.txt
	@touch $@

# src/ on the venv's import path (a .pth file), so that the matching engine's command line
# works from the repository root: .venv/bin/python -m mentoring.matching.engine solve P.json
SRC_PTH := $(VENV)/.src-pth-stamp
$(SRC_PTH): $(STAMP)
	@$(PY) -c 'import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()["purelib"], "mentorordning-src.pth").write_text(str(pathlib.Path("src").resolve()) + "\n")'
	@touch $@

.PHONY: venv
venv: $(STAMP) $(SRC_PTH)

.PHONY: system-deps
system-deps:
	@scripts/ensure-system-deps.sh

.PHONY: compilemessages
compilemessages: venv system-deps
	@cd $(SRC) && DJANGO_SETTINGS_MODULE=mentoring.settings PYTHONPATH=.. ../../$(VENV)/bin/django-admin compilemessages --ignore='*/static/*' -v 0

.PHONY: messages
messages: venv system-deps
	@for app in $(APPS); do \
		(cd $(SRC)/$$app && DJANGO_SETTINGS_MODULE=mentoring.settings PYTHONPATH=../.. ../../../$(VENV)/bin/django-admin makemessages -l da --no-location --no-obsolete -v 0) || exit 1; \
	done
	@echo "Updated: $(APPS)"

.PHONY: setup
setup: venv system-deps compilemessages
	@mkdir -p var
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py seed_demo

.PHONY: run
run: setup
	@scripts/run.sh "$(HOST)" "$(PORT)"

.PHONY: lint
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

.PHONY: checks
checks: venv system-deps
	MENTORING_ENV=test $(PY) manage.py makemigrations --check --dry-run -v 1
	$(PY) scripts/check_translations.py

.PHONY: test
test: venv compilemessages
	@scripts/ensure-system-deps.sh test
	$(MAKE) --no-print-directory lint checks
	$(PY) -m pytest $(PYTEST_ARGS)

.PHONY: test-pg
test-pg: venv compilemessages
	@scripts/ensure-system-deps.sh test pg
	scripts/with-postgres.sh $(PY) -m pytest $(PYTEST_ARGS)

.PHONY: test-e2e
test-e2e: venv compilemessages
	@scripts/ensure-system-deps.sh test
	$(PY) -m pytest -m e2e $(PYTEST_ARGS)

.PHONY: docs
docs: venv
	$(PY) scripts/update_docs.py

.PHONY: lock
lock: venv
	$(PY) -m pip install --quiet pip-tools
	cd requirements && ../$(VENV)/bin/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links -o base.txt base.in
	cd requirements && ../$(VENV)/bin/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links -o dev.txt dev.in

# Not part of `make test`: it needs a vulnerability database on the network. Exit codes
# (scripts/audit.py): 0 clean, 1 vulnerable, 3 no database reachable, 4 some unchecked.
.PHONY: audit
audit: venv
	$(PY) scripts/audit.py

# The OpenID Connect test provider (tests/peers/oidc: the npm package oidc-provider)
# on 127.0.0.1:$(IDP_PORT), for trying single sign-on with `make run` (docs/operations.md,
# "Single sign-on"). Its login page asserts whatever e-mail you type: loopback only.
IDP_PORT ?= 9000
IDP_SLUG ?= local
.PHONY: sso-idp
sso-idp:
	@scripts/ensure-system-deps.sh sso
	@scripts/ensure-oidc-idp.sh
	@echo "Add it at http://$(HOST):$(PORT)/staff/sso/add/ with: short name $(IDP_SLUG),"
	@echo "  issuer URL http://127.0.0.1:$(IDP_PORT), client ID mentorordning,"
	@echo "  client secret local-test-idp-secret, trusted e-mail domains e.g. example.dk"
	cd tests/peers/oidc && IDP_PORT=$(IDP_PORT) \
		IDP_REDIRECT_URIS=http://$(HOST):$(PORT)/accounts/oidc/$(IDP_SLUG)/login/callback/ \
		IDP_POST_LOGOUT_REDIRECT_URIS=http://$(HOST):$(PORT)/ node server.mjs

# The SAML test identity provider (tests/peers/saml: pysaml2, a dev requirement) on
# 127.0.0.1:$(SAML_IDP_PORT), for trying SAML single sign-on with `make run`
# (docs/operations.md, "Connect the local SAML IdP"). Loopback only: its login form
# asserts whatever e-mail you type. A new signing key is generated at each start.
SAML_IDP_PORT ?= 9001
.PHONY: sso-saml-idp
sso-saml-idp: venv
	@scripts/ensure-system-deps.sh saml
	@echo "Add it at http://$(HOST):$(PORT)/staff/sso/add/ with: protocol SAML 2.0,"
	@echo "  issuer URL / IdP entity ID http://127.0.0.1:$(SAML_IDP_PORT)/metadata,"
	@echo "  SAML metadata URL http://127.0.0.1:$(SAML_IDP_PORT)/metadata,"
	@echo "  trusted e-mail domains e.g. example.test (after restarting it, restart make run: its metadata is cached)"
	IDP_PORT=$(SAML_IDP_PORT) $(PY) -W ignore tests/peers/saml/server.py

# BENCH: all (default), matching, dashboard, pages, webhooks, backup or load. BENCH_ARGS
# go to the chosen one, e.g. `make bench BENCH=matching BENCH_ARGS=--quick`
# (benchmarks/bench_matching.py) or `make bench BENCH=pages BENCH_ARGS="--runs 5"`
# (benchmarks/bench_pages.py). BENCH_BACKUP=0 skips the backup/restore benchmark in
# `all` (SQLite, then a throw-away PostgreSQL); BENCH_BACKUP_ARGS: e.g.
# --participants 1000 --runs 3.
BENCH ?= all
BENCH_BACKUP ?= 1
BENCH_BACKUP_ARGS ?=
.PHONY: bench
bench: venv
	@case "$(BENCH)" in all|matching|dashboard|pages|report|api|webhooks|backup|load) ;; \
		*) echo "BENCH must be all, matching, dashboard, pages, report, api, webhooks, backup or load"; exit 2;; esac
	@if [ "$(BENCH)" = all ] || [ "$(BENCH)" = matching ]; then \
		$(PY) benchmarks/bench_matching.py $(BENCH_ARGS) || exit 1; fi
	@if [ "$(BENCH)" = all ] || [ "$(BENCH)" = dashboard ]; then \
		$(PY) benchmarks/bench_dashboard.py $(if $(filter dashboard,$(BENCH)),$(BENCH_ARGS)) || exit 1; fi
	@if [ "$(BENCH)" = all ] || [ "$(BENCH)" = pages ]; then \
		$(PY) benchmarks/bench_pages.py $(if $(filter pages,$(BENCH)),$(BENCH_ARGS)) || exit 1; fi
	@if [ "$(BENCH)" = all ] || [ "$(BENCH)" = report ]; then \
		$(PY) benchmarks/bench_report_job.py $(if $(filter report,$(BENCH)),$(BENCH_ARGS)) || exit 1; fi
	@if [ "$(BENCH)" = all ] || [ "$(BENCH)" = api ]; then \
		$(PY) benchmarks/bench_api.py $(if $(filter api,$(BENCH)),$(BENCH_ARGS)) || exit 1; fi
	@if [ "$(BENCH)" = all ] || [ "$(BENCH)" = webhooks ]; then \
		$(PY) benchmarks/bench_webhooks.py || exit 1; fi
	@if { [ "$(BENCH)" = all ] && [ "$(BENCH_BACKUP)" != 0 ]; } || [ "$(BENCH)" = backup ]; then \
		scripts/ensure-system-deps.sh pg && \
		env -u DATABASE_URL $(PY) benchmarks/bench_backup.py $(BENCH_BACKUP_ARGS) && \
		scripts/with-postgres.sh $(PY) benchmarks/bench_backup.py $(BENCH_BACKUP_ARGS) || exit 1; fi
	@if [ "$(BENCH)" = all ] || [ "$(BENCH)" = load ]; then \
		$(MAKE) --no-print-directory bench-load || exit 1; fi

# Load: 8 users of mixed roles with writes against gunicorn (3 processes), SQLite then
# PostgreSQL, a static file as the baseline (benchmarks/bench_load.py; LOAD_ARGS e.g. --users 32).
.PHONY: bench-load
bench-load: venv compilemessages
	@scripts/ensure-system-deps.sh pg
	$(PY) benchmarks/bench_load.py $(LOAD_ARGS)
	scripts/with-postgres.sh $(PY) benchmarks/bench_load.py $(LOAD_ARGS)

# The multi-node fault test (tests/cluster): PostgreSQL and Redis from Debian's packages,
# two gunicorn web nodes (deploy/gunicorn.conf.py) and two workers on loopback; one web
# node and one worker are killed mid-run. About two minutes. Not part of `make test`.
.PHONY: test-cluster
test-cluster: venv compilemessages
	@scripts/ensure-system-deps.sh test pg cluster
	scripts/with-postgres.sh $(PY) -m pytest -m cluster tests/cluster $(PYTEST_ARGS)
