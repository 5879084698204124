# The two commands: `make run` (set up and serve the demo) and `make test` (the whole suite).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# The local demo: SQLite, tasks inline, mail to the console, and the demo admin may sign in without
# two-factor. DATABASE_URL and REDIS_URL are cleared so a shell that has them still gets the demo.
DEMO_ENV := env -u DATABASE_URL -u REDIS_URL DEBUG=true STAFF_REQUIRE_TWO_FACTOR=false
# Only `makemigrations --check` needs this; pytest takes its own from tests/settings.py.
CHECK_ENV := SECRET_KEY=test-only-secret-key-not-for-any-real-deployment-000

.PHONY: run test lint format venv migrate demo clean

# The stamp is newer than both requirements files once they are installed: a second run is quick.
$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

venv: $(BIN)/.installed

migrate: venv
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput

demo: migrate
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo

run: demo
	@echo "Serving the demo on http://127.0.0.1:8000/ (Ctrl-C stops it)"
	$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(CHECK_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts

# --- The scale benchmark (README, "Benchmark at scale") ---------------------------------------------
# Both need DATABASE_URL naming a PostgreSQL database of its own, e.g.
#   export DATABASE_URL=postgres://postgres@127.0.0.1:5432/alliance_scale
#   make seed-scale SCALE=1.0   # once: about 1,000,000 deals (add SEED_ARGS=--reset to start over)
#   make bench                  # gunicorn as in production; prints the tables (BENCH_ARGS=--help)
SCALE ?= 1.0
# seed_scale signs nothing: a throwaway key satisfies the production settings (DEBUG off).
SEED_ENV := SECRET_KEY=seed-scale-only-key-never-used-for-a-real-deployment

.PHONY: seed-scale bench

seed-scale: venv
	@test -n "$(DATABASE_URL)" || (echo "Set DATABASE_URL to a PostgreSQL database for the benchmark."; exit 1)
	$(SEED_ENV) $(BIN)/python manage.py migrate --noinput
	$(SEED_ENV) $(BIN)/python manage.py seed_scale --scale $(SCALE) $(SEED_ARGS)

bench: venv
	@test -n "$(DATABASE_URL)" || (echo "Set DATABASE_URL to the database seeded by make seed-scale."; exit 1)
	$(BIN)/python -m alliance.benchmark $(BENCH_ARGS)
