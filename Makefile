# The two commands of the README: `make run` and `make test`. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install run test bench lint format messages mutants clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $@

# Then the browser libraries served from static/vendor/ (pinned in scripts/static_assets.json).
install: $(STAMP)
	@$(BIN)/python scripts/fetch_static_assets.py

# `make run PORT=8001 HOST=0.0.0.0` serves elsewhere; the links in e-mails and the demo's
# survey link follow, unless SITE_ROOT is given (the address other devices reach).
# Plain `=`, not `?=`: a HOST or PORT that a shell exports for itself must not move the server.
HOST = 127.0.0.1
PORT = 8000
run: export SITE_ROOT ?= http://$(HOST):$(PORT)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo
	$(BIN)/python manage.py sweep_exports
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

# Mutation testing of the access checks, the survey's token and device checks and the vote
# budget (config: [tool.mutmut] in pyproject.toml). Slow, a developer tool: not in `make test`.
# Then `$(BIN)/mutmut show NAME` shows one survivor. MUTANTS="values.voting.x_dot_add*" narrows.
MUTANTS ?= "workshops.selectors.x_workshop_access*" "workshops.selectors.x_facilitator_access*" \
	"workshops.selectors.x_membership_for*" "workshops.live.x_poll_token*" \
	"workshops.live.x_user_from_poll_token*" "surveys.services.x_accepting_survey*" \
	"surveys.services.x_answer_of_device*" "surveys.services.x_answer_submit*" \
	"surveys.devices.x_device_id*" "surveys.devices.x_remember_device*" "surveys.views.x_respond*" \
	"values.voting.x_dot_add*" "values.voting.x_dot_remove*" "values.voting.x__locked_ballot_and_entry*" "values.voting.x__spend*"

mutants: install
	$(BIN)/pip install --quiet -e ".[dev,mutants]"
	env -u DATABASE_URL -u REDIS_URL $(BIN)/mutmut run $(MUTANTS)
	$(BIN)/mutmut results

clean:
	rm -rf $(VENV) .services staticfiles static/vendor db.sqlite3 mutants
