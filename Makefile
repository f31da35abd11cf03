# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
PYTEST_ARGS ?=
# The simulator's port for `make demo` and `make sim`; the dashboard's is PIDASH_PORT (8080), read by pidash.
PIDASH_SIM_PORT ?= 8081
export CHROMIUM

.PHONY: demo test lint typecheck unit bench sim clean test-tools messages

$(RUNTIME_STAMP): pyproject.toml  ## what the dashboard and the simulator need, nothing more
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNTIME_STAMP)

$(STAMP): $(RUNTIME_STAMP)  ## plus the test tools (pytest, Playwright, ruff, mypy, hypothesis)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

test-tools:  ## Debian's Chromium and systemd-analyze: installed when root, else the line to run is printed
	scripts/ensure-tool $(CHROMIUM) chromium fonts-dejavu-core
	scripts/ensure-tool systemd-analyze systemd

demo: $(RUNTIME_STAMP)  ## install, then run the dashboard on the embedded simulator
	$(BIN)/pidash demo --sim-port $(PIDASH_SIM_PORT)

sim: $(RUNTIME_STAMP)  ## the simulator alone, in dev mode (no key)
	$(BIN)/pidash sim --dev-mode --speed 4 --port $(PIDASH_SIM_PORT)

lint: $(STAMP)
	$(BIN)/ruff check pidash tests benchmarks
	$(BIN)/ruff format --check pidash tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) test-tools lint typecheck  ## install, then ruff, mypy and the whole pytest suite
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)  ## benchmarks; figures are printed, not asserted
	$(BIN)/python -m benchmarks

messages: $(RUNTIME_STAMP)  ## after changing user-facing text: new message ids into pidash/locale/*/messages.po
	$(BIN)/python -m pidash.i18n update
	$(BIN)/python -m pidash.i18n check || true

clean:
	rm -rf $(VENV) .pidash-sim .mypy_cache .ruff_cache
