"""Plots for the notebooks: decision boundaries, learning curves, weight and image grids, and
network diagrams (daft).

Every function returns what it drew on (Axes, Figure, or a `NetworkDiagram`) and never calls
``plt.show()``; all of them work headless (Agg). Text uses matplotlib's mathtext, never LaTeX.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

__all__ = [
    "plot_decision_boundary",
    "plot_learning_curves",
    "visualize_grid",
    "show_grid",
    "plot_image_grid",
    "draw_network",
    "NetworkDiagram",
]

_NEG, _POS = "#2166ac", "#b2182b"  # class below / above the decision level


def _numpy(a: object) -> np.ndarray:
    """An array from NumPy data or a torch tensor (detached, on the CPU)."""
    if hasattr(a, "detach"):
        a = a.detach().cpu().numpy()  # type: ignore[union-attr]
    return np.asarray(a, dtype=np.float64)


# ----------------------------------------------------------------------------- decision boundary


def plot_decision_boundary(predict_fn: Callable[[np.ndarray], ArrayLike], X: ArrayLike,
                           y: ArrayLike, ax: Axes | None = None,
                           grid: tuple[np.ndarray, np.ndarray] | None = None,
                           extent: tuple[float, float, float, float] | None = None,
                           resolution: int = 100, level: float | None = None,
                           margin: float = 0.5, title: str | None = None) -> Axes:
    """Shade the two sides of a classifier's decision boundary and scatter the data.

    predict_fn: maps points (M, 2) float64 to decision values (M,) or (M, 1) (a score whose sign
        decides, a probability, or a predicted label), or to class scores (M, C) with C >= 2, in
        which case the regions are the argmax classes. NumPy or torch outputs are accepted.
    X: (N, 2) points; y: (N,) labels, {0, 1}, {-1, +1} or 0..C-1.
    grid: a meshgrid (xx, yy) to evaluate on; otherwise `resolution` x `resolution` points over
        `extent` = (xmin, xmax, ymin, ymax), by default the data range plus `margin`.
    level: where the boundary is for a single decision value. Default: 0 with {-1, +1} labels
        (tanh outputs, scores); with {0, 1} labels, 0.5 if every value lies in [0, 1]
        (probabilities, predicted labels), else 0 (logits).
    Draws filled regions and the boundary contour on `ax` (a new figure if None); returns the Axes.
    """
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y).ravel()
    if X.ndim != 2 or X.shape[1] != 2 or len(X) != len(y):
        raise ValueError(f"X must be (N, 2) and y (N,), got {X.shape} and {y.shape}")
    if grid is not None:
        xx, yy = (np.asarray(g, dtype=np.float64) for g in grid)
    else:
        if extent is None:
            extent = (X[:, 0].min() - margin, X[:, 0].max() + margin,
                      X[:, 1].min() - margin, X[:, 1].max() + margin)
        xx, yy = np.meshgrid(np.linspace(extent[0], extent[1], resolution),
                             np.linspace(extent[2], extent[3], resolution))
    out = _numpy(predict_fn(np.c_[xx.ravel(), yy.ravel()]))
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4))
    classes = np.unique(y)
    if out.ndim == 2 and out.shape[1] > 1:  # class scores: regions are the argmax classes
        n_classes = out.shape[1]
        Z = out.argmax(axis=1).reshape(xx.shape)
        cmap = plt.get_cmap("tab10" if n_classes <= 10 else "tab20")
        colors = [cmap(k % cmap.N) for k in range(n_classes)]
        ax.contourf(xx, yy, Z, levels=np.arange(n_classes + 1) - 0.5, colors=colors, alpha=0.25)
        if Z.min() != Z.max():
            ax.contour(xx, yy, Z, levels=np.arange(1, n_classes) - 0.5, colors="k",
                       linewidths=1)
        point_colors = {c: colors[int(c) % len(colors)] for c in classes}
    else:
        if out.size != xx.size:
            raise ValueError(f"predict_fn returned {out.shape} for {xx.size} points; expected "
                             f"({xx.size},), ({xx.size}, 1) or ({xx.size}, C)")
        Z = out.reshape(xx.shape)
        if level is None:
            level = 0.5 if y.min() >= 0 and Z.min() >= 0 and Z.max() <= 1 else 0.0
        lo, hi = min(Z.min(), level) - 1.0, max(Z.max(), level) + 1.0
        ax.contourf(xx, yy, Z, levels=[lo, level, hi], colors=[_NEG, _POS], alpha=0.25)
        if Z.min() < level < Z.max():
            ax.contour(xx, yy, Z, levels=[level], colors="k", linewidths=1.5)
        palette = [_NEG, _POS] if len(classes) <= 2 else [plt.get_cmap("tab10")(k) for k in
                                                          range(len(classes))]
        point_colors = {c: palette[k % len(palette)] for k, c in enumerate(classes)}
    for c in classes:
        m = y == c
        ax.scatter(X[m, 0], X[m, 1], s=18, color=point_colors[c], edgecolors="k",
                   linewidths=0.5, label=f"y = {c}")
    ax.set_xlim(xx.min(), xx.max())
    ax.set_ylim(yy.min(), yy.max())
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="best", fontsize="small")
    if title:
        ax.set_title(title)
    return ax


# ----------------------------------------------------------------------------- learning curves


def _runs(history: Mapping[str, ArrayLike] | Sequence[Mapping[str, ArrayLike]]
          ) -> dict[str, np.ndarray]:
    """name -> (n_runs, n_points) from one history, a list of histories, or 2-D arrays."""
    if isinstance(history, Mapping):
        out = {}
        for k, v in history.items():
            a = _numpy(v)
            if a.ndim not in (1, 2):
                raise ValueError(f"history[{k!r}] must be 1-D (points) or 2-D (runs, points)")
            out[k] = a.reshape(1, -1) if a.ndim == 1 else a
        return out
    runs = list(history)
    if not runs or not all(isinstance(r, Mapping) for r in runs):
        raise TypeError("history must be a dict of curves or a list of such dicts (one per run)")
    keys = [k for k in runs[0] if all(k in r for r in runs)]
    out = {}
    for k in keys:
        curves = [_numpy(r[k]).ravel() for r in runs]
        if len({len(c) for c in curves}) != 1:
            raise ValueError(f"the runs' {k!r} curves have different lengths")
        out[k] = np.stack(curves)
    return out


def _label(key: str) -> str:
    return key.removesuffix("_history").replace("_", " ")


def plot_learning_curves(history: Mapping[str, ArrayLike] | Sequence[Mapping[str, ArrayLike]],
                         *, axes: Sequence[Axes] | None = None, log_scale: bool = False,
                         xlabel: str = "epoch", title: str | None = None) -> Figure:
    """Plot training curves: one panel for the losses, one for the accuracies.

    history: a dict of curves, e.g. ``{"train_loss": [...], "val_loss": [...], "train_acc": [...],
        "val_acc": [...]}`` (CS231n's ``loss_history``/``train_acc_history`` work too); keys with
        "loss" go to the loss panel, keys with "acc" to the accuracy panel, others to a third.
        Several runs (e.g. seeds): a list of such dicts, or values of shape (n_runs, n_points);
        then the mean is drawn with a mean +- std band.
    log_scale: logarithmic loss axis. axes: existing Axes to draw on (one per panel).
    Returns the Figure.
    """
    curves = _runs(history)
    groups: dict[str, list[str]] = {"loss": [], "accuracy": [], "value": []}
    for k in curves:
        low = k.lower()
        groups["loss" if "loss" in low else "accuracy" if "acc" in low else "value"].append(k)
    panels = [(name, keys) for name, keys in groups.items() if keys]
    if not panels:
        raise ValueError("history has no curves")
    if axes is None:
        fig, ax_arr = plt.subplots(1, len(panels), figsize=(5 * len(panels), 3.6), squeeze=False)
        axes = list(ax_arr[0])
    elif len(axes) < len(panels):
        raise ValueError(f"{len(panels)} panels to draw but {len(axes)} axes given")
    fig = axes[0].figure
    for ax, (name, keys) in zip(axes, panels, strict=False):
        for k in sorted(keys, key=lambda s: (not s.lower().startswith("train"), s)):
            runs = curves[k]
            x = np.arange(1, runs.shape[1] + 1)
            mean = runs.mean(axis=0)
            (line,) = ax.plot(x, mean, label=_label(k) + (f" (mean of {len(runs)})"
                                                           if len(runs) > 1 else ""))
            if len(runs) > 1:
                std = runs.std(axis=0)
                ax.fill_between(x, mean - std, mean + std, color=line.get_color(), alpha=0.2)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(name)
        if name == "loss" and log_scale:
            ax.set_yscale("log")
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small")
    if title:
        fig.suptitle(title)
    return fig


# ----------------------------------------------------------------------------- grids of images


def visualize_grid(Xs: ArrayLike, ubound: float = 255.0, padding: int = 1) -> np.ndarray:
    """Tile images or weights into one image (as CS231n's ``vis_utils.visualize_grid``).

    Xs: (N, H, W, C) or (N, H, W). Each tile is rescaled independently to [0, ubound]; the grid is
    ceil(sqrt(N)) tiles on a side with `padding` pixels between them. Returns a float array
    (G_h, G_w, C) or (G_h, G_w).
    """
    Xs = _numpy(Xs)
    if Xs.ndim not in (3, 4):
        raise ValueError(f"Xs must be (N, H, W) or (N, H, W, C), not {Xs.shape}")
    N, H, W = Xs.shape[:3]
    side = math.ceil(math.sqrt(N))
    grid = np.zeros((H * side + padding * (side - 1), W * side + padding * (side - 1))
                    + Xs.shape[3:])
    for k in range(N):
        r, c = divmod(k, side)
        img = Xs[k]
        low, high = img.min(), img.max()
        y0, x0 = r * (H + padding), c * (W + padding)
        if high > low:
            grid[y0:y0 + H, x0:x0 + W] = ubound * (img - low) / (high - low)
    return grid


def show_grid(Xs: ArrayLike, *, ax: Axes | None = None, ubound: float = 255.0, padding: int = 1,
              image_shape: tuple[int, ...] | None = None, title: str | None = None,
              cmap: str = "gray") -> Axes:
    """Show `visualize_grid(Xs)` on `ax` (a new figure if None) and return the Axes.

    For first-layer weights W1 of shape (D, H), pass ``W1.T`` with ``image_shape=(32, 32, 3)``
    (or (28, 28)): rows of a 2-D `Xs` are reshaped to `image_shape`.
    """
    Xs = _numpy(Xs)
    if image_shape is not None:
        Xs = Xs.reshape((len(Xs),) + tuple(image_shape))
    grid = visualize_grid(Xs, ubound=ubound, padding=padding) / ubound
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 6))
    ax.imshow(np.clip(grid, 0, 1), cmap=cmap if grid.ndim == 2 else None)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


_SHAPES = {784: (28, 28), 3072: (32, 32, 3), 64: (8, 8)}


def _displayable(img: np.ndarray) -> np.ndarray:
    if img.min() >= 0 and img.max() <= 1:
        return img
    if img.min() >= 0 and img.max() <= 255:
        return img / 255.0
    low, high = img.min(), img.max()  # e.g. mean-subtracted images
    return (img - low) / (high - low) if high > low else np.zeros_like(img)


def plot_image_grid(images: ArrayLike, labels: ArrayLike | None = None,
                    class_names: Sequence[str] | None = None, ncols: int = 10, *,
                    predictions: ArrayLike | None = None,
                    image_shape: tuple[int, ...] | None = None, cmap: str = "gray") -> Figure:
    """Show images in a grid with their labels as titles (MNIST, Fashion-MNIST, CIFAR-10).

    images: (N, H, W), (N, H, W, 3) or flattened (N, D) with D = 784 (28x28), 3072 (32x32x3 in HWC
        order, as `load_cifar10` returns) or 64 (8x8), or any D with `image_shape`. Values in [0, 1]
        or [0, 255] are shown as they are; others (e.g. mean-subtracted) are rescaled per image.
    labels: (N,) integer labels, shown through `class_names` if given.
    predictions: (N,) predicted labels: titles become "predicted (true)", red when wrong.
    Returns the Figure.
    """
    imgs = _numpy(images)
    if imgs.ndim == 2:
        shape = image_shape or _SHAPES.get(imgs.shape[1])
        if shape is None:
            raise ValueError(f"cannot guess the image shape of rows of {imgs.shape[1]} values: "
                             "pass image_shape")
        imgs = imgs.reshape((len(imgs),) + tuple(shape))
    n = len(imgs)
    ncols = max(1, min(ncols, n))
    nrows = max(1, math.ceil(n / ncols))
    fig, axs = plt.subplots(nrows, ncols, figsize=(1.3 * ncols, 1.5 * nrows), squeeze=False)

    def name(c: object) -> str:
        return str(class_names[int(c)]) if class_names is not None else str(c)

    for k, ax in enumerate(axs.ravel()):
        ax.axis("off")
        if k >= n:
            continue
        img = _displayable(imgs[k])
        ax.imshow(img, cmap=cmap if img.ndim == 2 else None, vmin=0, vmax=1)
        if predictions is not None:
            p = np.asarray(predictions)[k]
            wrong = labels is not None and p != np.asarray(labels)[k]
            text = name(p) + (f" ({name(np.asarray(labels)[k])})" if labels is not None else "")
            ax.set_title(text, fontsize=8, color="red" if wrong else "black")
        elif labels is not None:
            ax.set_title(name(np.asarray(labels)[k]), fontsize=8)
    fig.tight_layout()
    return fig


# ----------------------------------------------------------------------------- network diagrams


@dataclass(repr=False)
class NetworkDiagram:
    """A drawn network: the daft PGM, its Figure and Axes, the node names (in drawing order),
    the edges as (source, target, label) with plain-text labels (e.g. "w1"; None when unlabelled)
    and each node's position in daft's grid units."""

    pgm: object
    fig: Figure
    ax: Axes
    nodes: list[str]
    edges: list[tuple[str, str, str | None]]
    positions: dict[str, tuple[float, float]]

    def __repr__(self) -> str:
        return f"NetworkDiagram({len(self.nodes)} nodes, {len(self.edges)} edges)"


def _layer_units(sizes: Sequence[int]) -> list[list[tuple[str, str]]]:
    """(name, mathtext content) of every unit, layer by layer."""
    L = len(sizes) - 1
    layers = []
    for l, n in enumerate(sizes):
        if l == 0:
            base, sup = "x", ""
        elif l == L:
            base, sup = "y", ""
        else:
            base, sup = ("h", "") if L == 2 else (f"h{l}_", f"^{{({l})}}")
        units = []
        for j in range(1, n + 1):
            if n == 1:
                name, content = base.rstrip("_"), f"${base.rstrip('_')[0]}{sup}$"
            else:
                name, content = f"{base}{j}", f"${base[0]}{sup}_{{{j}}}$"
            units.append((name, content))
        layers.append(units)
    return layers


def draw_network(layer_sizes: Sequence[int], *, bias: bool = False,
                 weight_labels: str | Sequence[str | float] | Mapping[tuple[str, str], str]
                 | None = None,
                 node_labels: Mapping[str, str] | None = None, label_position: float = 0.3,
                 label_spread: float = 0.3,
                 fontsize: float = 11, edge_fontsize: float = 9, dpi: int = 100
                 ) -> NetworkDiagram:
    """Draw a small fully connected network with daft (mathtext only, never LaTeX).

    layer_sizes: units per layer, inputs first, e.g. [2, 3, 1]. Nodes are named x1, x2, ...
        (inputs), h1, h2, ... (one hidden layer; h1_1, h1_2, ..., h2_1, ... for several), y (one
        output) or y1, y2, ...; a layer of one unit has no index (x, h, y).
    bias: add a bias node b_l feeding layer l (b1 into the first hidden layer, ...), drawn above
        the previous layer.
    weight_labels: None (no labels); a prefix such as "w", numbering the edges w1, w2, ... layer
        by layer, source by source (bias first), target by target: for [2, 3, 1] with bias,
        w1-w3 go from b1 to h1-h3, w4-w6 from x1, w7-w9 from x2, w10 from b2 to y and w11-w13
        from h1-h3; or one label (or number) per edge in that order; or {(source, target):
        label}. A label sits `label_position` of the way along its edge, plus or minus
        `label_spread` / 2 depending on the target's rank (so that the labels of a fan do not
        overlap), and at least half a grid unit from the source node.
    fontsize, edge_fontsize: of the node and edge labels; dpi: of the figure.
    node_labels: {node name: mathtext} to override what a node shows.

    Returns a `NetworkDiagram` (``.pgm``, ``.fig``, ``.ax``, ``.nodes``, ``.edges``).
    Example: ``draw_network([2, 3, 1], bias=True, weight_labels="w")``.
    """
    import daft

    sizes = [int(n) for n in layer_sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"layer_sizes needs at least two layers of >= 1 unit, got {sizes}")
    units = _layer_units(sizes)
    dx = 2.5
    positions: dict[str, tuple[float, float]] = {}
    contents: dict[str, str] = {}
    for l, layer in enumerate(units):
        top = (len(layer) - 1) / 2
        for j, (name, content) in enumerate(layer):
            positions[name], contents[name] = (l * dx, top - j), content
    bias_of: dict[int, str] = {}
    if bias:
        for l in range(1, len(sizes)):
            name = f"b{l}"
            positions[name] = ((l - 1) * dx, (len(units[l - 1]) - 1) / 2 + 1.0)
            contents[name] = f"$b_{{{l}}}$"
            bias_of[l] = name
    target_rank = {name: (j, len(layer)) for layer in units for j, (name, _) in enumerate(layer)}
    edges: list[tuple[str, str]] = []
    for l in range(1, len(sizes)):
        sources = ([bias_of[l]] if bias else []) + [n for n, _ in units[l - 1]]
        edges += [(s, t) for s in sources for t, _ in units[l]]

    shown: list[str | None]  # what is drawn on each edge
    plain: list[str | None]  # the same, as plain text for .edges
    if weight_labels is None:
        shown = plain = [None] * len(edges)
    elif isinstance(weight_labels, str):
        plain = [f"{weight_labels}{k}" for k in range(1, len(edges) + 1)]
        shown = [f"${weight_labels}_{{{k}}}$" for k in range(1, len(edges) + 1)]
    elif isinstance(weight_labels, Mapping):
        plain = [weight_labels.get(e) for e in edges]
        shown = list(plain)
    else:
        labels = list(weight_labels)
        if len(labels) != len(edges):
            raise ValueError(f"{len(labels)} weight labels for {len(edges)} edges")
        plain = [v if isinstance(v, str) else f"{v:.3g}" for v in labels]
        shown = list(plain)
    if node_labels:
        unknown = set(node_labels) - set(positions)
        if unknown:
            raise ValueError(f"node_labels names unknown nodes {sorted(unknown)}")
        contents.update(node_labels)

    text = {"usetex": False}
    with warnings.catch_warnings(), plt.rc_context({"text.usetex": False}):
        warnings.simplefilter("ignore")  # some daft versions warn on render
        grid_unit = 2.0
        pgm = daft.PGM(dpi=dpi, node_unit=0.9, grid_unit=grid_unit)
        for name, (x, y) in positions.items():
            pgm.add_node(name, contents[name], x, y, fontsize=fontsize, label_params=text,
                         plot_params={"facecolor": "0.88"} if name in bias_of.values() else None)
        for (s, t), label in zip(edges, shown, strict=True):
            (x0, y0), (x1, y1) = positions[s], positions[t]
            # daft puts a label mid-edge: move it to a fraction of the way from the source that
            # grows with the target's rank, so that labels of a fan do not overlap.
            j, n_t = target_rank[t]
            frac = label_position + (label_spread * (j / (n_t - 1) - 0.5) if n_t > 1 else 0.0)
            frac = max(frac, 0.5 / float(np.hypot(x1 - x0, y1 - y0)))  # clear of the source node
            f = (frac - 0.5) * grid_unit
            pgm.add_edge(s, t, label=label, xoffset=f * (x1 - x0), yoffset=f * (y1 - y0),
                         label_params={**text, "fontsize": edge_fontsize,
                                       "bbox": {"boxstyle": "round,pad=0.1", "fc": "white",
                                                "ec": "none", "alpha": 0.85}})
        ax = pgm.render()
        fig = pgm.figure
    return NetworkDiagram(pgm=pgm, fig=fig, ax=ax, nodes=list(positions),
                          edges=[(s, t, p) for (s, t), p in zip(edges, plain, strict=True)],
                          positions=positions)
