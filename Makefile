# The two commands of the README: `make run` and `make test`. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install run test bench lint format messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

# `make run PORT=8001 HOST=0.0.0.0` serves elsewhere; the links in e-mails and the demo's
# survey link follow, unless SITE_ROOT is given (the address other devices reach).
# Plain `=`, not `?=`: a HOST or PORT that a shell exports for itself must not move the server.
HOST = 127.0.0.1
PORT = 8000
run: export SITE_ROOT ?= http://$(HOST):$(PORT)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo
	@echo "Open $(SITE_ROOT) and log in with one of the accounts above."
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	bash scripts/test.sh

bench: install
	bash bench/run.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Needs GNU gettext (apt-get install gettext); the compiled .mo files are committed.
messages: install
	$(BIN)/python manage.py makemessages --locale ro --no-location --ignore ".venv/*" --ignore "tests/*"
	$(BIN)/python manage.py compilemessages --locale ro --ignore ".venv/*"

clean:
	rm -rf $(VENV) .services staticfiles db.sqlite3
