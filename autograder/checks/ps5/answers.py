"""Problem set 5's answer sets (graders see them in the model answer too), the reading of string and dict
answers, and the check of section 1: diagnosis."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import autograder.judge as judge
from autograder.checklib import fail, type_label

LABELS = (
    "overfitting", "underfitting", "learning_rate_too_small", "learning_rate_too_large",
    "dead_or_saturated_units", "generalization_gap", "bug_in_gradient",
)
ACCEPTED = {
    "a": frozenset({"learning_rate_too_large"}),
    "b": frozenset({"generalization_gap", "overfitting"}),
    "c": frozenset({"dead_or_saturated_units"}),
    "d": frozenset({"overfitting"}),
    "e": frozenset({"learning_rate_too_small"}),
}
PARAM_NAMES = ("W1", "b1", "W2", "b2")
BUG_LOCATIONS = {
    "impl1": frozenset({"b2"}),
    "impl2": frozenset({"W1", "b1"}),
    "impl3": frozenset({"W2"}),
}


def plain_str(value: Any, name: str) -> str:
    """A student's string as a plain `str` (a subclass cannot bring its own __eq__ or lower())."""
    if isinstance(value, str):
        return "".join([value])
    if judge.is_remote(value) and judge.remote_isinstance(value, "builtins.str"):
        # a str subclass (np.str_, ...) stays in the kernel: str's own methods return a plain copy
        text = value.removeprefix("")
        if type(text) is str:
            return text
    fail(f"{name} must be a string, not {type_label(value)}")


def as_mapping(value: Any) -> Mapping | None:
    """A student's dict as a local mapping: plain dicts arrive as copies; a dict subclass stays in the
    kernel and is read key by key through the proxy. None for anything else."""
    if isinstance(value, Mapping):
        return value
    if judge.is_remote(value) and judge.remote_isinstance(value, "builtins.dict"):
        return {k: value[k] for k in list(value.keys())}
    return None


def how_many(n: int, total: int, what: str) -> str:
    """"n of the total what": how many answers are wrong, never which."""
    return f"{n} of the {total} {what}"


# ----------------------------------------------------------------------------- 1. diagnosis

def diagnosis(diag: Any) -> None:
    """diagnosis["a"] ... ["e"]: labels of the vocabulary, compared case-insensitively. A wrong answer
    is told how many labels do not match, never which (five guesses must not find the key)."""
    mapping = as_mapping(diag)
    if mapping is None:
        fail(f"diagnosis must be a dict with the keys 'a' to 'e', not {type_label(diag)}")
    diag = mapping
    labels = {}
    for key in "abcde":
        if key not in diag:
            fail(f"diagnosis has no entry {key!r}: set diagnosis['a'] to diagnosis['e']")
        label = plain_str(diag[key], f"diagnosis[{key!r}]").strip().lower()
        if label not in LABELS:
            fail(f"diagnosis[{key!r}] is not one of the labels of the vocabulary (check the spelling; "
                 "the labels are listed in the notebook)")
        labels[key] = label
    wrong = sum(labels[k] not in ACCEPTED[k] for k in "abcde")
    if wrong:
        fail(f"{how_many(wrong, 5, 'labels')} do not match what the curves show: for each scenario, "
             "ask what its cause would do to the training and to the test curve")
