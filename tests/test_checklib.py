"""The grader's shared check code: hints that name scaling mistakes in words, the leak guard, the
corpus accounting, grader faults and the result fingerprint."""

from __future__ import annotations

import numpy as np
import pytest

from autograder import checklib, corpus, judge
from autograder.checklib import CheckFailure, GraderFault, assert_close
from autograder.grading import grader_code_fingerprint


def _message(actual, expected, **kwargs) -> str:
    with pytest.raises(CheckFailure) as info:
        assert_close(np.asarray(actual, float), np.asarray(expected, float), "dW", **kwargs)
    return str(info.value)


def test_scaling_mistakes_are_named_in_words():
    e = np.array([[0.3, -1.2], [2.5, 0.7]])
    assert _message(-e, e) == "dW has the wrong sign"
    assert "too large by a factor of two" in _message(2 * e, e)
    assert "too small by a factor of two" in _message(e / 2, e)
    assert "too large by a factor of the batch size" in _message(7 * e, e, factors={"the batch size": 7})
    assert "too small by a factor of the batch size" in _message(e / 7, e, factors={"the batch size": 7})
    assert "wrong sign and is too large by a factor of two" in _message(-2 * e, e)


def test_no_hint_for_an_unexplained_ratio_or_a_guessed_number():
    e = np.array([0.3, -1.2, 2.5])
    assert _message(3.64 * e, e) == "dW does not match the correct values"
    # a single guessed number learns nothing: no ratio, no digits
    message = _message([1.0], [0.2747])
    assert message == "dW does not match the correct values"
    assert not corpus.leaked_numbers(message)


def test_ratio_needs_zeros_where_the_truth_is_zero():
    e = np.array([0.0, 1.5, -0.5])
    assert _message([0.3, 3.0, -1.0], e) == "dW does not match the correct values"


@pytest.mark.parametrize(("message", "leaks"), [
    ("loss is 7.95× the correct value", True),
    ("gradient b2 is 1/28.1 of the correct value", True),
    ("expected 0.2747 here", True),
    ("got 1.23", True),
    ("dW has shape (3, 4); it must have shape (4, 3)", False),
    ("accuracy must reach 0.97 (target)", False),
    ("rel_error above 1e-7", False),
    ("too large by a factor of the batch size", False),
])
def test_leak_guard(message, leaks):
    assert bool(corpus.leaked_numbers(message)) is leaks


def test_accounting_counts_from_the_verdicts():
    v = corpus.Variant("m", None, "a mistake", "mistake", {"t1": "sign"}, {})
    hidden = {"t1": corpus.CellResult("t1", 0.0, 2.0, "CheckFailure: dW has the wrong sign", True)}
    expected = {"lost": True, "hidden": True, "named": True, "visible_only": False}
    assert corpus.accounting(v, hidden) == expected
    visible = {"t1": corpus.CellResult("t1", 0.0, 2.0, "AssertionError: shapes", False)}
    assert corpus.accounting(v, visible)["visible_only"]
    assert any("visible assert" in p for p in corpus.judge(v, visible))
    unnamed = corpus.Variant("m", None, "a mistake", "mistake", {"t1": None}, {})
    assert any("FAILS must give the words" in p for p in corpus.judge(unnamed, hidden))


def test_a_grader_fault_is_not_the_students(monkeypatch):
    import autograder.checks.ps0 as ps0

    def broken(student_double):
        raise GraderFault("the MNIST files are missing")

    monkeypatch.setattr(ps0, "double_values", broken, raising=False)
    with pytest.raises(GraderFault):
        judge.run_local("ps0", "double_values", lambda x: 2 * x)
    monkeypatch.setenv("AUTOGRADER_LOOPBACK", "1")
    with pytest.raises(checklib.CheckFailure, match="not your fault"):
        judge.loopback_check("ps0", "double_values", lambda x: 2 * x)


def test_the_submissions_student_reaches_the_check(monkeypatch):
    import autograder.checks.ps0 as ps0

    seen = []
    monkeypatch.setattr(ps0, "double_values", lambda f: seen.append(judge.submission_student()))
    monkeypatch.setenv(judge.LOOPBACK_STUDENT_ENV, "jdoe")
    judge.loopback_check("ps0", "double_values", lambda x: 2 * x)
    assert seen == ["jdoe"] and judge.submission_student() is None


def test_fingerprint_covers_every_grader_file(tmp_path):
    pkg = tmp_path / "autograder"
    (pkg / "checks").mkdir(parents=True)
    (pkg / "tamper.py").write_text("A = 1\n")
    (pkg / "checks" / "ps1.py").write_text("B = 1\n")
    before = grader_code_fingerprint(pkg)
    (pkg / "tamper.py").write_text("A = 2\n")
    assert grader_code_fingerprint(pkg) != before
    after_tamper = grader_code_fingerprint(pkg)
    (pkg / "checks" / "ps1.py").write_text("B = 2\n")
    assert grader_code_fingerprint(pkg) != after_tamper


def test_a_broken_rule_fails_and_is_flagged(monkeypatch):
    import autograder.checks.ps0 as ps0

    def rule(student_double):
        checklib.fail_rule("double must use plain Python: no NumPy in this exercise")

    monkeypatch.setattr(ps0, "double_values", rule)
    message = judge.run_local("ps0", "double_values", lambda x: 2 * x)
    assert isinstance(message, judge.RuleMessage) and "plain Python" in message
    monkeypatch.setenv("AUTOGRADER_LOOPBACK", "1")
    with pytest.raises(checklib.CheckFailure, match="plain Python"):
        judge.loopback_check("ps0", "double_values", lambda x: 2 * x)


def test_a_shared_section_stands_in_for_the_reference_and_takes_the_edits(tmp_path):
    (tmp_path / "_shared.py").write_text("# %% solution_f\ndef f(x):\n    return 2 * x\n", encoding="utf-8")
    header = '"""Doubles."""\nKIND = "mistake"\nSHARED = "_shared.py"\n'
    (tmp_path / "plain.py").write_text(header, encoding="utf-8")
    (tmp_path / "edited.py").write_text(header + 'EDITS = {"solution_f": [("2 * x", "3 * x")]}\n',
                                        encoding="utf-8")
    (tmp_path / "own.py").write_text(header + "# %% solution_f\ndef f(x):\n    return x\n", encoding="utf-8")
    cell = {"cell_type": "code", "metadata": {"nbgrader": {"grade_id": "solution_f", "solution": True}},
            "source": "def f(x):\n    ### BEGIN SOLUTION\n    return x + x\n    ### END SOLUTION\n"}
    source = {name: corpus.solution_source(cell, corpus.load_variant(tmp_path / f"{name}.py"))
              for name in ("plain", "edited", "own")}
    assert "return 2 * x" in source["plain"]  # the shared section, not the reference's x + x
    assert "return 3 * x" in source["edited"]  # the edit applies to the shared section
    assert "return x\n" in source["own"] and "2 * x" not in source["own"]  # the variant's own section wins
    assert corpus.edit_problems({"cells": [cell]}, corpus.load_variant(tmp_path / "edited.py")) == []


def test_a_variant_as_edits_of_the_reference(tmp_path):
    path = tmp_path / "mistake_sum.py"
    path.write_text('"""Sums instead of averaging."""\nKIND = "mistake"\nFAILS = {"t": "batch size"}\n'
                    'EDITS = {"solution_f": [("return s / n", "return s")]}\n', encoding="utf-8")
    v = corpus.load_variant(path)
    cell = {"cell_type": "code", "metadata": {"nbgrader": {"grade_id": "solution_f", "solution": True}},
            "source": "def f(x):\n    ### BEGIN SOLUTION\n    s, n = sum(x), len(x)\n    return s / n\n"
                      "    ### END SOLUTION\n"}
    assert corpus.solution_source(cell, v) == "def f(x):\n    s, n = sum(x), len(x)\n    return s\n"
    assert corpus.edit_problems({"cells": [cell]}, v) == []
    v.edits["solution_f"] = [("return", "yield")]  # occurs once; fine
    assert corpus.edit_problems({"cells": [cell]}, v) == []
    v.edits["solution_f"] = [("s", "t")]  # occurs many times
    assert "occurs" in corpus.edit_problems({"cells": [cell]}, v)[0]
