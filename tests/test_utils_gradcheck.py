"""Tests for utils.gradcheck, with PyTorch float64 autograd as the oracle."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from utils.gradcheck import (
    GradCheckReport,
    check_gradients,
    eval_numerical_gradient,
    eval_numerical_gradient_array,
    grad_check_sparse,
    rel_error,
)

# A small two-layer network with a softmax loss, written twice: in NumPy (what is checked
# numerically) and in torch (whose autograd gives the reference analytic gradients).


def make_problem(seed: int = 0, D: int = 4, H: int = 5, C: int = 3, N: int = 6):
    rng = np.random.default_rng(seed)
    params = {"W1": rng.normal(0, 0.5, (D, H)), "b1": rng.normal(0, 0.1, H),
              "W2": rng.normal(0, 0.5, (H, C)), "b2": rng.normal(0, 0.1, C)}
    X, y = rng.normal(size=(N, D)), rng.integers(0, C, N)
    return params, X, y


def np_loss(params, X, y) -> float:
    h = np.tanh(X @ params["W1"] + params["b1"])
    s = h @ params["W2"] + params["b2"]
    s = s - s.max(axis=1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    return float(-logp[np.arange(len(y)), y].mean())


def torch_grads(params, X, y) -> dict[str, np.ndarray]:
    t = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in params.items()}
    h = torch.tanh(torch.tensor(X) @ t["W1"] + t["b1"])
    s = h @ t["W2"] + t["b2"]
    loss = torch.nn.functional.cross_entropy(s, torch.tensor(y))
    loss.backward()
    return {k: v.grad.numpy() for k, v in t.items()}


@pytest.fixture
def problem():
    params, X, y = make_problem()
    return params, (lambda p: np_loss(p, X, y)), torch_grads(params, X, y)


def test_rel_error():
    assert rel_error(np.ones(3), np.ones(3)) == 0.0
    assert rel_error([1.0, 2.0], [1.0, 2.2]) == pytest.approx(0.2 / 4.2)
    assert rel_error(0.0, 1e-12) == pytest.approx(1e-4)  # the 1e-8 floor
    with pytest.raises(ValueError, match="shapes"):
        rel_error(np.ones((2, 3)), np.ones((3, 2)))


def test_eval_numerical_gradient_matches_the_oracle_and_restores_x(problem):
    params, f, grads = problem
    W1 = params["W1"]
    before = W1.copy()
    num = eval_numerical_gradient(lambda w: f({**params, "W1": w}), W1)
    assert num.shape == W1.shape
    assert rel_error(num, grads["W1"]) < 1e-7
    assert np.array_equal(W1, before)
    x = np.array([1.0, -2.0, 3.0])
    np.testing.assert_allclose(eval_numerical_gradient(lambda v: np.sum(v**3), x), 3 * x**2,
                               rtol=1e-8)


def test_x_is_restored_even_when_f_raises():
    x = np.arange(3.0)

    def boom(v):
        raise RuntimeError("f failed")

    with pytest.raises(RuntimeError):
        eval_numerical_gradient(boom, x)
    np.testing.assert_array_equal(x, [0.0, 1.0, 2.0])


def test_eval_numerical_gradient_array_checks_a_backward_pass():
    rng = np.random.default_rng(1)
    x, W = rng.normal(size=(4, 3)), rng.normal(size=(3, 5))
    df = rng.normal(size=(4, 5))
    num = eval_numerical_gradient_array(lambda v: v @ W, x, df)
    assert rel_error(num, df @ W.T) < 1e-8
    with pytest.raises(ValueError, match="df has shape"):
        eval_numerical_gradient_array(lambda v: v @ W, x, df.T)
    # f returning a view of its input (identity) must still work: outputs are copied
    up = rng.normal(size=x.shape)
    assert rel_error(eval_numerical_gradient_array(lambda v: v, x, up), up) < 1e-8
    # a wrong backward pass (transposed weights for a square matrix) is caught
    S = rng.normal(size=(3, 3))
    good = eval_numerical_gradient_array(lambda v: v @ S, x[:, :3].copy(), df[:, :3])
    assert rel_error(good, df[:, :3] @ S.T) < 1e-8
    assert rel_error(good, df[:, :3] @ S) > 1e-2


def test_grad_check_sparse(problem, capsys):
    params, f, grads = problem
    W2 = params["W2"]
    errs = grad_check_sparse(lambda w: f({**params, "W2": w}), W2, grads["W2"], num_checks=7)
    assert errs.shape == (7,) and (errs < 1e-7).all()
    again = grad_check_sparse(lambda w: f({**params, "W2": w}), W2, grads["W2"], num_checks=7)
    np.testing.assert_array_equal(errs, again)  # seeded
    wrong = grad_check_sparse(lambda w: f({**params, "W2": w}), W2, 2 * grads["W2"],
                              num_checks=5, verbose=True)
    np.testing.assert_allclose(wrong, 1 / 3, rtol=1e-5)  # |2a - a| / (|2a| + |a|)
    assert "relative error" in capsys.readouterr().out
    small = np.array([1.0, 2.0])
    assert grad_check_sparse(lambda v: np.sum(v**2), small, 2 * small, num_checks=10).shape == (2,)


def test_check_gradients_passes_for_correct_gradients(problem):
    params, f, grads = problem
    before = {k: v.copy() for k, v in params.items()}
    report = check_gradients(f, params, grads)
    assert isinstance(report, GradCheckReport)
    assert report.passed and report.failed == []
    assert set(report.worst) == set(params)
    for name, (err, ix) in report.worst.items():
        assert err < 1e-7 and len(ix) == params[name].ndim
        assert report.params[name].passed
        assert report.params[name].n_checked == params[name].size
    for k in params:
        assert np.array_equal(params[k], before[k])  # every entry restored exactly
    text = str(report)
    assert "W1" in text and "b2" in text and "PASSED" in text
    assert repr(report) == text


def test_check_gradients_catches_wrong_gradients(problem):
    params, f, grads = problem
    report = check_gradients(f, params, {**grads, "b1": 2 * grads["b1"]})
    assert not report.passed and report.failed == ["b1"]
    assert report.worst["b1"][0] == pytest.approx(1 / 3, rel=1e-4)
    assert report.params["W1"].passed and not report.params["b1"].passed
    assert report.params["b1"].norm_error == pytest.approx(1 / 3, rel=1e-4)
    assert report.params["W1"].norm_error < 1e-8
    assert "FAILED: b1" in str(report) and "NO" in str(report)
    # a gradient off by a small factor is caught too
    assert not check_gradients(f, params, {**grads, "W2": 1.01 * grads["W2"]}).passed


def test_check_gradients_catches_a_transposed_square_gradient():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(5, 3))
    params = {"W": rng.normal(size=(3, 3))}

    def f(p):
        return float(np.sum(np.tanh(X @ p["W"])))

    grad = X.T @ (1 - np.tanh(X @ params["W"]) ** 2)
    assert check_gradients(f, params, {"W": grad}).passed
    assert not check_gradients(f, params, {"W": grad.T}).passed


def test_check_gradients_random_entries(problem):
    params, f, grads = problem
    report = check_gradients(f, params, grads, num_checks=3, seed=1)
    assert report.passed
    assert [p.n_checked for p in report.params.values()] == [3, 3, 3, 3]
    assert report.worst == check_gradients(f, params, grads, num_checks=3, seed=1).worst


def test_check_gradients_rejects_mismatched_grads(problem):
    params, f, grads = problem
    with pytest.raises(ValueError, match="missing.*b2"):
        check_gradients(f, params, {k: v for k, v in grads.items() if k != "b2"})
    with pytest.raises(ValueError, match="unexpected.*W3"):
        check_gradients(f, params, {**grads, "W3": grads["W2"]})
    with pytest.raises(ValueError, match=r"grads\['W1'\] has shape \(5, 4\).*transposed"):
        check_gradients(f, params, {**grads, "W1": grads["W1"].T})


def test_check_gradients_warns_about_float32_and_checks_a_float64_copy(problem):
    params, f, grads = problem
    p32 = {k: v.astype(np.float32) for k, v in params.items()}
    before = {k: v.copy() for k, v in p32.items()}
    with pytest.warns(RuntimeWarning, match="float32"):
        report = check_gradients(f, p32, grads, threshold=1e-3)
    assert report.passed
    for k in p32:
        assert p32[k].dtype == np.float32 and np.array_equal(p32[k], before[k])


def test_check_gradients_needs_a_scalar_loss(problem):
    params, _, grads = problem
    with pytest.raises(TypeError, match="scalar"):
        check_gradients(lambda p: p["b1"] * 2, params, grads)
    # 0-d arrays, NumPy scalars and torch scalars are fine
    report = check_gradients(lambda p: torch.tensor(np.sum(p["b1"] ** 2)), {"b1": params["b1"]},
                             {"b1": 2 * params["b1"]})
    assert report.passed
