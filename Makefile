# gvckit: two commands on a fresh machine with python3 and pip: `make demo`, `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip

.PHONY: demo test bench lint venv install install-test browser-deps clean docs install-docs

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

venv: $(PY)

install: $(PY)
	$(PIP) install --quiet -e .

install-test: $(PY)
	$(PIP) install --quiet -e ".[test]"

demo: install
	$(VENV)/bin/gvckit demo

browser-deps:
	@bash .ci/browser-deps.sh

test: install-test browser-deps
	$(PY) -m pytest -q -n 2 --dist loadfile --doctest-modules tests src

# The docs site: Sphinx + MyST + furo from the docs extra; fails on any warning; opens offline.
install-docs: $(PY)
	$(PIP) install --quiet -e ".[docs]"

docs: install-docs
	rm -rf docs/_build docs/api/generated
	$(PY) -m sphinx -W --keep-going -b html -d docs/_build/doctrees docs docs/_build/html
	@echo "docs: open docs/_build/html/index.html"

# make bench: one table (peers, report/diagnose/import/--help, big tables); BIG=1 adds 164x120
bench: install-test
	$(PY) benchmarks/run.py $(if $(BIG),--big)

lint: install-test
	$(VENV)/bin/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache gvckit-demo
