# The two commands of the README: `make run` and `make test`. Everything else is their plumbing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test system-deps bench dist clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: install python3.11 and run again.")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[gui,central,test,dev]'
	@touch $(STAMP)

system-deps:
	@bash tools/system_deps.sh

run: system-deps $(STAMP)
	@bash tools/run_app.sh $(PY)

test: system-deps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: $(STAMP)
	@for f in bench/bench_*.py; do echo "== $$f"; QT_QPA_PLATFORM=offscreen $(PY) $$f || exit 1; done

DIST_STAMP := $(VENV)/.dist-installed
$(DIST_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e '.[gui,central,test,dev]'
	@touch $(DIST_STAMP)

# The one-folder desktop bundle: dist/msc-desktop/msc-desktop (PyInstaller, build.spec).
dist: system-deps $(DIST_STAMP)
	@for ts in ui/translations/*.ts; do [ ! -e "$$ts" ] || $(VENV)/bin/pyside6-lrelease -silent "$$ts" || exit 1; done
	$(PY) -m PyInstaller --noconfirm --clean build.spec
	QT_QPA_PLATFORM=offscreen dist/msc-desktop/msc-desktop --version

clean:
	rm -rf $(VENV) build dist .pytest_cache
