# Two commands do everything on a fresh machine with Python 3.11 and make:
#   make demo   — a virtualenv, hedui installed, the examples ingested and verified
#   make test   — the test extras installed, the whole suite run
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= hedui.db
# pip's own chatter (index warnings, resolver notes) goes to a log, shown only if it fails:
# make demo prints hedui's output and nothing else.
PIP    := PIP_DISABLE_PIP_VERSION_CHECK=1 $(BIN)/python -m pip
QUIET  = > $(VENV)/pip.log 2>&1 || { cat $(VENV)/pip.log; exit 1; }
# An editable install leaves the project's modules uncompiled, and where PYTHONDONTWRITEBYTECODE
# is set Python then compiles all of them at every start (~80 ms of a one-file verify): compile
# them once at install, as pip does for a normal install. A module edited later is compiled in
# memory again until the next install, never run stale.
COMPILE = $(BIN)/python -m compileall -q extractor verifier hedui > /dev/null

.PHONY: demo test lint format bench record cassettes clean

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) install -q --upgrade pip $(QUIET)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "installing hedui into $(VENV) …"
	@$(PIP) install -q -e . $(QUIET)
	@$(COMPILE)
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	@echo "installing hedui and its test tools into $(VENV) …"
	@$(PIP) install -q -e '.[dev]' $(QUIET)
	@$(COMPILE)
	@touch $@ $(VENV)/.installed

# hedui's exit status is the verdict (0 accept, 1 flag, 3 reject; 4 an input could not be
# read): the examples are flagged on purpose, so only 4 and over stop the demo.
demo: $(VENV)/.installed
	@$(BIN)/hedui ingest examples/ --db $(DB) || [ $$? -lt 4 ]
	@$(BIN)/hedui verify examples/松岭区社会治理中心_2023年度部门决算.txt || [ $$? -lt 4 ]
	@echo
	@echo "Stored in $(DB). Try: $(BIN)/hedui list --db $(DB)   ·   $(BIN)/hedui show 松岭区 --db $(DB)   ·   $(BIN)/hedui search 网格 --db $(DB)"

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy extractor verifier hedui

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.installed-dev
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# Re-record the LLM cassettes against a real endpoint (needs HEDUI_LLM_API_KEY or OPENAI_API_KEY).
record: $(VENV)/.installed-dev
	@if [ -z "$${HEDUI_LLM_API_KEY:-$${OPENAI_API_KEY:-}}" ]; then \
	  echo "make record: set HEDUI_LLM_API_KEY (or OPENAI_API_KEY), HEDUI_LLM_MODEL and HEDUI_LLM_BASE_URL first"; exit 2; fi
	$(BIN)/python -m pytest tests -m "llm and not scripted" --record-mode=rewrite -p no:randomly

# Rewrite the LLM cassettes from the hand-written answers in tests/llm_script.py (no endpoint).
cassettes: $(VENV)/.installed-dev
	$(BIN)/python -m pytest tests -m llm --record-mode=rewrite --llm-script -p no:randomly

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis $(DB)
