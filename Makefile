# SafeHaven — `make run` and `make test` are the whole set-up on a machine with Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DATA   ?=

.PHONY: run test lint typecheck pytest demo bench package messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/safehaven gui $(if $(DATA),--data-dir $(DATA),)

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check safehaven tests benchmarks
	$(BIN)/ruff format --check safehaven tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy safehaven

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n 2 -q

DEMO_DIR := $(if $(DATA),$(DATA),demo-vault)

demo: $(STAMP)  # creates the demo vault once, then opens it (sign in as admin/supervisor/…)
	test -e $(DEMO_DIR)/safehaven.db || $(BIN)/safehaven demo --data-dir $(DEMO_DIR) --clients 500
	$(BIN)/safehaven gui --data-dir $(DEMO_DIR)

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

package: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,package]"
	$(BIN)/pyinstaller --noconfirm --clean packaging/safehaven.spec
	if [ "$$(uname -s)" = Linux ]; then bash packaging/linux/make_tarball.sh; fi

messages: $(STAMP)
	$(BIN)/python -m safehaven.i18n_extract

clean:
	rm -rf $(VENV) build dist
