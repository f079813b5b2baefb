# The README's commands. `make run` serves the app with demo data and a worker;
# `make test` runs the whole suite. Both install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_DEBUG ?= true
# Where `make run` serves, and so where links in emails and PDFs point (unless SITE_URL is given).
export MDT_ADDR ?= 127.0.0.1:8000
export SITE_URL ?= http://$(MDT_ADDR)

.PHONY: install run test lint locales messages bench clean

install: $(VENV)/.installed locales

$(VENV)/.installed: requirements.txt requirements-dev.txt
	scripts/system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

locales: $(VENV)/.installed
	$(BIN)/python scripts/compile_locales.py

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	# The demo's letters give a service address (a demo one unless MDT_SERVICE_EMAIL is set), not noreply@localhost.
	MDT_SERVICE_EMAIL="$${MDT_SERVICE_EMAIL:-mdt-service@demo.mdt}" scripts/run.sh

test: install
	scripts/system-deps.sh test
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run --skip-checks
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

# Re-extract translatable strings (needs GNU gettext's xgettext).
messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var --ignore=static --ignore=tests --no-obsolete

# `make bench BENCH_ARGS=--quick` for smaller sizes; `BENCH_ARGS="queue pages"` for some rows only.
bench: install
	scripts/system-deps.sh bench
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
