# Two commands on a fresh machine: `make demo` and `make test`. Each sets itself up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SHARED_DATA ?= ../shared/data

.PHONY: demo test lint release validate bench data clean setup browser sandbox-check

setup: $(STAMP) sandbox-check

# Grading kernels run in a bubblewrap sandbox (autograder/sandbox.py); say how to get it when missing.
sandbox-check:
	@command -v bwrap >/dev/null || { echo "setup: bubblewrap (bwrap) is missing: grading kernels run in its sandbox." >&2; \
	  echo "       install it: sudo apt-get install bubblewrap (Fedora: sudo dnf install bubblewrap);" >&2; \
	  echo "       without it, course autograde/validate/demo refuse unless given --no-sandbox." >&2; }

# torch first and pinned: it is a CPU wheel on this disk; an unpinned torch pulls a CUDA build.
$(STAMP): pyproject.toml constraints.txt
	@echo "setup [1/5]: virtual environment $(VENV)"
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	@echo "setup [2/5]: pip"
	$(PY) -m pip install -q --upgrade pip
	@echo "setup [3/5]: torch 2.13.0 (CPU; a large download, a few minutes on a slow link)"
	$(PY) -m pip install --progress-bar on torch==2.13.0
	@echo "setup [4/5]: the course and its pinned dependencies (nbgrader, JupyterLab, Dask...; minutes)"
	$(PY) -m pip install --progress-bar on -c constraints.txt -e ".[grader,dask,postgres,dev]"
	@echo "setup [5/5]: the python3 kernel"
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (course)" >/dev/null
	touch $(STAMP)
	@echo "setup: done"

# Seed the dataset cache from ../shared/data when it is there (symlinks: nothing is copied or committed).
data: $(STAMP)
	$(PY) -m utils.data seed $(SHARED_DATA)

demo: $(STAMP) sandbox-check data
	$(VENV)/bin/course demo

# The real-kernel round trip grades the fixture course and every problem set's representative subset;
# developers can limit it, e.g. `make test COURSE_TEST_PS=ps1` (the fixture course always runs).
COURSE_TEST_PS ?=
test: $(STAMP) sandbox-check data browser
	$(VENV)/bin/ruff check .
	COURSE_TEST_PS=$(COURSE_TEST_PS) $(PY) -m pytest -q -rs --durations=25 -n 2 --dist loadgroup

release: $(STAMP)
	$(VENV)/bin/course release

validate: $(STAMP) data
	$(VENV)/bin/course validate

bench: $(STAMP) data
	$(PY) -m benchmarks.run --full-notebooks

# Debian's Chromium for the real-browser test (skipped with a reason when it cannot be installed).
browser:
	@bash .ci/install-browser.sh

clean:
	rm -rf demo-output dist .pytest_cache
