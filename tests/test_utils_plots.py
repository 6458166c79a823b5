"""Tests for utils.plots: everything renders headless to a non-empty PNG, returns what it drew,
never calls plt.show(), and the network diagram has the right nodes, edges and labels."""

from __future__ import annotations

import io
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from utils import plots


@pytest.fixture(autouse=True)
def headless(monkeypatch):
    monkeypatch.setattr(plt, "show", lambda *a, **k: pytest.fail("plt.show() was called"))
    yield
    plt.close("all")


def png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    data = buf.getvalue()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 2000
    return data


def moons():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    return X, np.where(X[:, 0] + 0.3 * X[:, 1] > 0, 1, -1)


# ----------------------------------------------------------------------------- decision boundary


def test_decision_boundary_for_scores_and_pm1_labels():
    X, t = moons()
    ax = plots.plot_decision_boundary(lambda P: P[:, 0] + 0.3 * P[:, 1], X, t, resolution=50)
    assert isinstance(ax, Axes)
    # the boundary is the 0-level line x1 = -0.3 x2: check a vertex of the contour
    lines = [c for c in ax.collections if hasattr(c, "levels")]  # the contour sets
    levels = [list(c.levels) for c in lines]
    assert [0.0] in levels
    v = next(c for c in lines if list(c.levels) == [0.0]).get_paths()[0].vertices
    np.testing.assert_allclose(v[:, 0], -0.3 * v[:, 1], atol=0.1)
    assert len(ax.get_legend().get_texts()) == 2
    png(ax.figure)


def test_decision_boundary_for_probabilities_torch_and_a_given_grid():
    X, t = moons()
    y01 = (t + 1) // 2

    def prob(P):
        return torch.sigmoid(torch.tensor(P[:, :1] * 3.0, requires_grad=True))  # (M, 1) tensor

    fig, ax = plt.subplots()
    xx, yy = np.meshgrid(np.linspace(-3, 3, 30), np.linspace(-2, 2, 20))
    out = plots.plot_decision_boundary(prob, X, y01, ax=ax, grid=(xx, yy), title="p")
    assert out is ax and ax.get_xlim() == (-3.0, 3.0)
    assert any(list(getattr(c, "levels", [])) == [0.5] for c in ax.collections)
    png(fig)


def test_decision_boundary_level_follows_the_labels():
    X, t = moons()
    # a tanh network whose outputs are all in [0, 1] on the grid still splits at 0 for +-1 labels
    ax = plots.plot_decision_boundary(lambda P: 0.4 + 0.1 * np.tanh(P[:, 0]), X, t)
    assert not any(list(getattr(c, "levels", [])) == [0.5] for c in ax.collections)
    ax = plots.plot_decision_boundary(lambda P: 0.5 + 0.1 * np.tanh(P[:, 0]), X, (t + 1) // 2)
    assert any(list(getattr(c, "levels", [])) == [0.5] for c in ax.collections)


def test_decision_boundary_for_class_scores():
    X, _ = moons()
    y = np.digitize(X[:, 0], [-0.5, 0.5])  # three classes
    ax = plots.plot_decision_boundary(lambda P: np.stack([-P[:, 0], 0 * P[:, 0] + 0.1,
                                                          P[:, 0]], 1), X, y, extent=(-3, 3, -3, 3))
    assert ax.get_ylim() == (-3.0, 3.0)
    png(ax.figure)
    with pytest.raises(ValueError, match="predict_fn returned"):
        plots.plot_decision_boundary(lambda P: P[:3, 0], X, y)


# ----------------------------------------------------------------------------- learning curves


def test_learning_curves_one_run():
    hist = {"train_loss": np.linspace(2.3, 0.3, 10), "val_loss": np.linspace(2.3, 0.5, 10),
            "train_acc": np.linspace(0.1, 0.95, 10), "val_acc": np.linspace(0.1, 0.9, 10)}
    fig = plots.plot_learning_curves(hist, log_scale=True, title="run")
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    loss_ax, acc_ax = fig.axes
    assert [line.get_label() for line in loss_ax.get_lines()] == ["train loss", "val loss"]
    assert loss_ax.get_yscale() == "log" and acc_ax.get_ylabel() == "accuracy"
    png(fig)


def test_learning_curves_mean_and_std_over_seeds():
    rng = np.random.default_rng(0)
    runs = [{"loss_history": 2 * np.exp(-np.arange(20) / 5) + rng.normal(0, .05, 20)}
            for _ in range(3)]
    fig = plots.plot_learning_curves(runs, xlabel="iteration")
    (ax,) = fig.axes
    (line,) = ax.get_lines()
    np.testing.assert_allclose(line.get_ydata(), np.mean([r["loss_history"] for r in runs], 0))
    assert "mean of 3" in line.get_label() and ax.collections  # the +- std band
    stacked = plots.plot_learning_curves({"val_acc": np.ones((4, 5)), "lr": np.ones(5)})
    assert len(stacked.axes) == 2
    png(fig)
    with pytest.raises(ValueError):
        plots.plot_learning_curves({})


# ----------------------------------------------------------------------------- grids


def test_visualize_grid_and_show_grid():
    rng = np.random.default_rng(0)
    Xs = rng.normal(size=(5, 4, 4, 3))
    Xs[4] = 7.0  # a constant tile is black, not a division by zero
    grid = plots.visualize_grid(Xs, ubound=255.0, padding=1)
    assert grid.shape == (14, 14, 3)
    assert grid.min() == 0.0 and grid.max() == pytest.approx(255.0)
    assert (grid[5:9, 5:9] == 0).all()  # tile 4 (row 1, col 1)
    np.testing.assert_allclose(grid[0:4, 0:4].max(), 255.0)
    assert plots.visualize_grid(rng.normal(size=(4, 6, 6)), padding=0).shape == (12, 12)
    W1 = rng.normal(size=(3072, 10))  # first-layer weights (D, H)
    ax = plots.show_grid(W1.T, image_shape=(32, 32, 3), title="W1")
    assert isinstance(ax, Axes) and ax.get_images()
    png(ax.figure)


def test_plot_image_grid_mnist_and_cifar():
    rng = np.random.default_rng(0)
    mnist = rng.random((12, 784)).astype(np.float32)
    labels = np.arange(12) % 10
    fig = plots.plot_image_grid(mnist, labels, class_names=[f"c{k}" for k in range(10)], ncols=5)
    assert isinstance(fig, Figure) and len(fig.axes) == 15
    assert [a.get_title() for a in fig.axes[:3]] == ["c0", "c1", "c2"]
    png(fig)
    cifar = rng.normal(0, 60, (6, 3072))  # mean-subtracted, flattened HWC
    preds = labels[:6].copy()
    preds[2] = 9
    fig = plots.plot_image_grid(cifar, labels[:6], predictions=preds, ncols=3)
    titles = [a.title for a in fig.axes]
    assert titles[2].get_text() == "9 (2)" and titles[2].get_color() == "red"
    assert titles[0].get_color() == "black"
    assert fig.axes[0].get_images()[0].get_array().shape == (32, 32, 3)
    png(fig)
    with pytest.raises(ValueError, match="image_shape"):
        plots.plot_image_grid(rng.random((2, 10)))


# ----------------------------------------------------------------------------- network diagram

EXPECTED_2_3_1 = [
    ("b1", "h1", "w1"), ("b1", "h2", "w2"), ("b1", "h3", "w3"),
    ("x1", "h1", "w4"), ("x1", "h2", "w5"), ("x1", "h3", "w6"),
    ("x2", "h1", "w7"), ("x2", "h2", "w8"), ("x2", "h3", "w9"),
    ("b2", "y", "w10"), ("h1", "y", "w11"), ("h2", "y", "w12"), ("h3", "y", "w13"),
]


def test_draw_network_2_3_1_with_bias_and_weight_labels(capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing may warn
        d = plots.draw_network([2, 3, 1], bias=True, weight_labels="w")
        data = png(d.fig)
    assert sorted(d.nodes) == sorted(["x1", "x2", "h1", "h2", "h3", "y", "b1", "b2"])
    assert d.edges == EXPECTED_2_3_1
    assert sorted(d.pgm._nodes) == sorted(d.nodes)
    drawn = [(e.node1.name, e.node2.name, e.label) for e in d.pgm._edges]
    assert drawn == [(s, t, f"$w_{{{lab[1:]}}}$") for s, t, lab in EXPECTED_2_3_1]
    texts = [t.get_text() for t in d.ax.texts]
    for k in range(1, 14):
        assert texts.count(f"$w_{{{k}}}$") == 1
    assert "$h_{1}$" in texts and "$b_{2}$" in texts and "$y$" in texts
    assert not any(t.get_usetex() for t in d.ax.texts)
    # bias nodes sit above the layer they feed from; layers go left to right
    assert d.positions["b1"][0] == d.positions["x1"][0] < d.positions["h1"][0]
    assert d.positions["b1"][1] > d.positions["x1"][1]
    assert len(data) > 5000
    assert capsys.readouterr().err == ""
    assert "13 edges" in repr(d)


def test_draw_network_variants():
    d = plots.draw_network([2, 3, 1])
    assert "b1" not in d.nodes and len(d.edges) == 9 and all(lab is None for *_, lab in d.edges)
    deep = plots.draw_network([3, 2, 2, 2], bias=True, weight_labels=[0.5] * 20)
    assert {"h1_1", "h1_2", "h2_1", "h2_2", "y1", "y2", "b3"} <= set(deep.nodes)
    assert len(deep.edges) == 4 * 2 + 3 * 2 + 3 * 2 and deep.edges[0][2] == "0.5"
    named = plots.draw_network([1, 1], weight_labels={("x", "y"): "$v$"},
                               node_labels={"y": r"$\hat y$"})
    assert named.edges == [("x", "y", "$v$")]
    assert r"$\hat y$" in [t.get_text() for t in named.ax.texts]
    png(named.fig)
    with pytest.raises(ValueError, match="weight labels"):
        plots.draw_network([2, 2], weight_labels=["a"])
    with pytest.raises(ValueError):
        plots.draw_network([3])
