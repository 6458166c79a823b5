"""Unit tests of the kernel-side evidence (`autograder.in_kernel.evidence`): what a grading kernel
reports about student code for the rules the grader enforces (plain Python only; loops vs vectorised)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from autograder.in_kernel.evidence import count_lines, plain_python_violation


def plain_sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def plain_forward(xs):
    return [plain_sigmoid(x) for x in xs]


def numpy_sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def uses_numpy_helper(xs):
    return [numpy_sigmoid(x) for x in xs]


def imports_torch(z):
    import torch as t

    return t.sigmoid(t.tensor(z)).item()


def uses_eval(z):
    return eval("z + 1")


def recursive(n):
    return 1 if n <= 1 else n * recursive(n - 1)


class PlainLayer:
    def forward(self, x):
        return [plain_sigmoid(v) for v in x]


class TorchLayer:
    def forward(self, x):
        return torch.tensor(x).sum().item()


def make_layer_user(layer_class):
    def forward(x):
        return layer_class().forward(x)

    return forward


def test_plain_python_and_math_pass():
    assert plain_python_violation(plain_sigmoid, "sigmoid") is None
    assert plain_python_violation(plain_forward, "forward") is None
    assert plain_python_violation(recursive, "recursive") is None  # a cycle is visited once
    assert plain_python_violation(make_layer_user(PlainLayer), "forward") is None


@pytest.mark.parametrize("fn, library", [
    (numpy_sigmoid, "numpy"),
    (uses_numpy_helper, "numpy"),        # through a helper of the student's
    (imports_torch, "torch"),            # an import inside the function
    (make_layer_user(TorchLayer), "torch"),  # a method of a class the function captured
])
def test_numpy_or_torch_anywhere_it_reaches_is_named(fn, library):
    message = plain_python_violation(fn, "forward")
    assert message is not None and "forward" in message
    assert library in message.lower() or {"numpy": "NumPy", "torch": "PyTorch"}[library] in message
    assert "only built-in Python and math" in message


def test_a_library_hidden_in_a_closure_or_a_default_is_found():
    def with_default(z, exp=np.exp):
        return exp(z)

    captured = torch.sigmoid

    def with_closure(z):
        return captured(z)

    assert "default argument" in plain_python_violation(with_default, "f")
    assert "variable of" in plain_python_violation(with_closure, "f")


def test_eval_and_non_functions_are_refused():
    assert "eval" in plain_python_violation(uses_eval, "f")
    assert plain_python_violation(42, "f") == "f is not a function"


def test_count_lines_tells_a_loop_from_a_vectorised_call():
    X = np.ones((50, 3))

    def looped(X):
        out = []
        for row in X:
            out.append(row.sum())
        return out

    def vectorised(X):
        return X.sum(axis=1)

    n_loop, result_loop = count_lines(looped, X)
    n_vec, result_vec = count_lines(vectorised, X)
    assert n_vec <= 2 < 100 <= n_loop
    np.testing.assert_allclose(result_loop, result_vec)


def test_count_lines_restores_the_previous_tracer():
    import sys

    before = sys.gettrace()
    count_lines(plain_forward, [0.0, 1.0])
    assert sys.gettrace() is before
