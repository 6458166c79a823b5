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
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -c constraints.txt -e ".[grader,dask,postgres,dev]"
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (course)" >/dev/null
	touch $(STAMP)

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
	$(PY) -m benchmarks.run

# Debian's Chromium for the real-browser test (skipped with a reason when it cannot be installed).
browser:
	@bash .ci/install-browser.sh

clean:
	rm -rf demo-output dist .pytest_cache
