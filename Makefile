# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit bench sim clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)  ## install, then run the dashboard on the embedded simulator
	$(BIN)/pidash demo

sim: $(STAMP)  ## the simulator alone, in dev mode (no key)
	$(BIN)/pidash sim --dev-mode --speed 4

lint: $(STAMP)
	$(BIN)/ruff check pidash tests benchmarks
	$(BIN)/ruff format --check pidash tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) lint typecheck  ## install, then ruff, mypy and the whole pytest suite
	$(BIN)/python -m pytest

bench: $(STAMP)  ## benchmarks; figures are printed, not asserted
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pidash-sim .mypy_cache .ruff_cache
