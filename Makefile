# Gut–Mood Journal. `make run` and `make test` work on a fresh machine with Python 3.11.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
# Extra pytest arguments, e.g. PYTEST_ARGS='-m "not browser"' (CI runs the browser tests on one database only).
PYTEST_ARGS ?=
DEV_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}

.PHONY: run test typecheck lint format install install-dev migrate demo bench loadtest superuser clean calibrate

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

migrate: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput

WORKER = $(if $(REDIS_URL),rqworker default --with-scheduler --job-class django_tasks_rq.Job,db_worker)

## Set everything up (venv, packages, database with the food catalogue and guidance) and serve on 127.0.0.1:8000,
## with the background-task worker and the reminder sender beside the server (stopped with it).
run: migrate
	$(DEV_ENV) bash -c 'trap "kill 0" EXIT; $(PY) manage.py $(WORKER) & $(PY) manage.py send_reminders & $(PY) manage.py runserver 127.0.0.1:8000'

## Lint, formatting, static types, the import contracts of .importlinter, migrations in step with the models, and the whole test suite.
test: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.test_settings $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

## Static types: mypy with django-stubs over our packages (configuration in pyproject.toml).
typecheck: install-dev
	$(VENV)/bin/mypy

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

superuser: migrate
	$(DEV_ENV) $(PY) manage.py createsuperuser

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .mypy_cache test-artifacts

## A `demo` account with a year of generated data (password printed), through the import path.
demo: migrate
	$(DEV_ENV) $(PY) manage.py demo

## Benchmarks: every bench/bench_*.py, each printing its figures; all run, then it fails naming those whose aims were not met.
bench: install-dev
	@unmet=""; for script in bench/bench_*.py; do echo "== $$script"; \
	  DJANGO_SETTINGS_MODULE=config.test_settings $(PY) $$script || unmet="$$unmet $$script"; done; \
	  if [ -n "$$unmet" ]; then echo "== aims not met (or a bench failed):$$unmet"; exit 1; fi

$(VENV)/.load: $(VENV)/.dev loadtest/requirements.txt
	$(PY) -m pip install --quiet -r loadtest/requirements.txt
	touch $@

## Calibration (a few minutes): the statistics on simulated journals and experiments -> the Calibration section of docs/statistics.md.
calibrate: install-dev
	$(PY) -m calibration.run

## Load test on loopback (about 5 minutes; needs PostgreSQL and Redis): 2 gunicorns under locust -> loadtest/REPORT.md.
loadtest: $(VENV)/.load
	PY=$(PY) bash loadtest/run.sh
