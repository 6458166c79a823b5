"""The autograder grades its submission corpus exactly as each variant file expects.

Every variant in tests/submissions/<ps>/ is graded in process (the hidden checks called on the
variant's code); reference and valid alternatives must earn full marks, each mistake must lose the
points of the test cells it names with a message naming the problem. The end-to-end subset is graded
by the real pipeline in test_pipeline.py.
"""

from __future__ import annotations

import nbformat
import pytest

from autograder import corpus, problemsets

from .conftest import record_verdict

PROBLEM_SETS = [ps for ps in problemsets.discover() if ps.corpus.is_dir()]
CASES = [
    pytest.param(ps, v, id=f"{ps.short}-{v.name}")
    for ps in PROBLEM_SETS
    for v in corpus.load_variants(ps.corpus)
    if v.in_process
]
_SOURCES: dict[str, dict] = {}


def _source(ps: problemsets.ProblemSet) -> dict:
    if ps.short not in _SOURCES:
        _SOURCES[ps.short] = nbformat.read(ps.source, as_version=4)
    return _SOURCES[ps.short]


@pytest.mark.parametrize(("ps", "variant"), CASES)
def test_variant_graded_as_expected(ps, variant):
    verdict = corpus.evaluate(_source(ps), variant)
    record_verdict(ps.short, variant.name, variant.kind, corpus.accounting(variant, verdict.results))
    assert verdict.ok, f"{variant.name} ({variant.description}):\n  " + "\n  ".join(verdict.problems)


@pytest.mark.parametrize("ps", PROBLEM_SETS, ids=lambda p: p.short)
def test_corpus_is_complete(ps):
    """One reference; >= 2 alternatives per code solution cell; >= 5 mistakes per test cell."""
    variants = corpus.load_variants(ps.corpus)
    cells = _source(ps)["cells"]
    assert [v.kind for v in variants].count("reference") == 1
    solutions = {corpus.nbgrader_meta(c)["grade_id"] for c in cells  # code graded by hand (a figure) aside
                 if corpus.is_solution(c) and c["cell_type"] == "code"
                 and not corpus.nbgrader_meta(c).get("grade")}
    thin = {s: n for s in solutions
            if (n := sum(s in v.sections or s in v.edits for v in variants if v.kind == "alternative")) < 2}
    assert not thin, f"solution cells with fewer than 2 valid alternatives: {thin}"
    tests = {corpus.nbgrader_meta(c)["grade_id"] for c in cells if corpus.is_autograded_test(c)}
    few = {t: n for t in tests if (n := sum(t in v.fails for v in variants if v.kind == "mistake")) < 5}
    assert not few, f"test cells failed by fewer than 5 realistic mistakes: {few}"


@pytest.mark.parametrize("ps", PROBLEM_SETS, ids=lambda p: p.short)
def test_every_edit_applies_to_the_reference(ps):
    """A variant written as edits of the reference: each `old` occurs exactly once in its cell."""
    problems = [f"{v.name}: {p}" for v in corpus.load_variants(ps.corpus)
                for p in corpus.edit_problems(_source(ps), v)]
    assert not problems, "\n".join(problems)
