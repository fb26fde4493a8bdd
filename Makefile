# The two commands of the README: `make serve` and `make test`. Each installs what is missing.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT   ?= 5006
# ADDRESS=0.0.0.0 serves the classroom's network too (README, "Teaching a class").
ADDRESS ?= localhost

.PHONY: serve test bench chromium postgresql

serve: $(STAMP)
	$(BIN)/explorables serve --port $(PORT) --address $(ADDRESS)

test: $(STAMP) chromium postgresql
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

bench: $(STAMP) chromium
	$(BIN)/python -m bench

# torch==2.13.0 is pinned in pyproject.toml: on a CPU machine pip takes the CPU build.
$(STAMP): pyproject.toml assets/package-lock.json
	@command -v $(PYTHON) >/dev/null || { echo "needs $(PYTHON) (Python 3.11)"; exit 1; }
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq npm; }
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	# From the npm registry: the tour library (driver.js, MIT), which the site serves itself, and
	# axe-core (MPL-2.0), which tests/browser/test_a11y.py injects into pages and the site never serves.
	npm ci --prefix assets --no-audit --no-fund --silent
	touch $(STAMP)

chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

# The store tests start a throwaway PostgreSQL server from Debian's package (not on PATH).
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq postgresql; }
