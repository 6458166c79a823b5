"""The corpus converter writes a section as edits only when they give back the same program."""

from __future__ import annotations

from autograder import corpus
from tests.tools import corpus_to_edits as tool

REFERENCE = '''def f(x, n):
    """Mean of x (n entries)."""
    s = sum(x)  # the total
    t = s / n
    return t
'''


def test_one_changed_line_becomes_one_edit():
    body = REFERENCE.replace("t = s / n", "t = s")
    assert tool.edits_for(REFERENCE, body) == [("t = s / n", "t = s")]


def test_comments_and_docstrings_are_no_difference():
    body = REFERENCE.replace("  # the total", "").replace('    """Mean of x (n entries)."""\n', "")
    assert tool.edits_for(REFERENCE, body) == []


def test_a_deleted_line_takes_its_newline_and_an_insertion_an_anchor():
    deleted = tool.edits_for(REFERENCE, REFERENCE.replace("    t = s / n\n", ""))
    assert deleted == [("    t = s / n\n", "")]
    inserted = tool.edits_for(REFERENCE, REFERENCE.replace("    return t", "    t = -t\n    return t"))
    assert inserted == [("return t", "t = -t\n    return t")]


def test_old_text_is_widened_until_unique():
    reference = "a = 1\nb = 0\nc = 2\nb = 0\n"
    pairs = tool.edits_for(reference, "a = 1\nb = 0\nc = 2\nb = 5\n")
    assert pairs == [("c = 2\nb = 0", "c = 2\nb = 5")]
    assert corpus.apply_edits(reference, pairs) == "a = 1\nb = 0\nc = 2\nb = 5\n"


def test_a_rewrite_stays_a_section():
    assert tool.edits_for(REFERENCE, "def f(x, n):\n    return sum(x) / n\n") is None


def test_converted_text_keeps_the_header_and_the_other_sections():
    text = ('"""A mistake."""\nKIND = "mistake"\nFAILS = {"t": "mean"}\n\n# %% solution_f\n'
            + REFERENCE.replace("t = s / n", "t = s") + "\n# %% solution_g\ng = 1\n")
    new, dropped, edited, kept = tool.convert_text(text, {"solution_f": (REFERENCE, True),
                                                          "solution_g": ("g = 2\n", True)})
    assert (dropped, edited, kept) == ([], ["solution_f"], ["solution_g"])
    assert new == ('"""A mistake."""\nKIND = "mistake"\nFAILS = {"t": "mean"}\n'
                   'EDITS = {"solution_f": [("t = s / n", "t = s")]}\n\n# %% solution_g\ng = 1\n')
