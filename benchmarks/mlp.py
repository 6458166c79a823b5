"""Item 3: the NumPy MLP of problem set 2 against the PyTorch MLP of problem set 3: one MNIST training epoch.

Both implementations are the reference solutions, taken at run time from the solution cells of the source
notebooks (markers stripped, as a student would have written them), so the benchmark follows the course:

- NumPy: `init_mlp`, `mlp_forward`, `cross_entropy`, `mlp_backward`, `sgd_step` of ps2, driven by the inner
  loop of ps2's `train_mlp` (forward, loss, backward, step per minibatch; no per-epoch evaluation).
- PyTorch: `MLP` and `train_epoch` of ps3 with `torch.optim.SGD` and `nn.CrossEntropyLoss`, fed the very same
  minibatches (ps2's `minibatch_indices`, one permutation per epoch, shared by both) by indexing tensors.
  A third contender runs ps3's `train_epoch` over a `DataLoader(TensorDataset(...), shuffle=True)` as the
  notebook does.

Same architecture (ReLU hidden layer), batch size, learning rate, data and dtype. Each epoch's FLOP count
(the matrix products of forward and backward; element-wise work is not counted) divided by the machine's
large-matmul throughput gives the machine's limit for that epoch.

A full epoch over the 55,000 training images is 859 minibatches of 64 or 2,750 of 20: timing all of them,
three rounds, four configurations and three contenders took ten minutes, so each measurement runs a fixed
number of minibatches (`batches`, taken from a fresh permutation of all 55,000 images every round) and is
scaled to a full epoch (`seconds` = measured time × full-epoch minibatches / `batches`; `measured` keeps
the raw time). Every minibatch costs the same, so the scaling changes no ratio.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from autograder.corpus import nbgrader_meta, strip_markers
from autograder.problemsets import REPO
from benchmarks.stats import Comparison, interleave

PS2 = REPO / "source" / "ps2_numpy_backprop" / "ps2_numpy_backprop.ipynb"
PS3 = REPO / "source" / "ps3_pytorch" / "ps3_pytorch.ipynb"
NUMPY_NAMES = ("init_mlp", "mlp_forward", "cross_entropy", "mlp_backward", "sgd_step", "minibatch_indices")
TORCH_NAMES = ("MLP", "train_epoch")


@dataclass(frozen=True)
class Config:
    hidden: int
    batch_size: int
    lr: float
    dtypes: tuple[str, ...] = ("float32", "float64")
    dataloader: bool = False  # also time ps3's DataLoader pipeline

    @property
    def sizes(self) -> list[int]:
        return [784, self.hidden, 10]

    @property
    def label(self) -> str:
        return f"784-{self.hidden}-10 ReLU, batch {self.batch_size}"


# ps3's MNIST model and its timing cell (batch 64, lr 0.1); ps2's ReLU run (784-100-10, batch 20, lr 0.1).
CONFIGS = (Config(256, 64, 0.1, dataloader=True), Config(100, 20, 0.1))


def _code_cells(path: Path) -> list[dict]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def _source(cell: dict) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def extract(path: Path, prelude: str, names: tuple[str, ...]) -> dict:
    """Execute the `helpers` cells and the code solution cells of a source notebook (markers stripped)
    after `prelude`; return the namespace, which must define `names`."""
    ns: dict = {"__name__": "benchmarks_reference"}
    exec(compile(prelude, f"<prelude {path.name}>", "exec"), ns)
    failures = []
    for cell in _code_cells(path):
        meta = nbgrader_meta(cell)
        tags = set(cell.get("metadata", {}).get("tags", []))
        if meta.get("solution"):
            code = strip_markers(_source(cell))
        elif "helpers" in tags:
            code = _source(cell)
        else:
            continue
        try:
            exec(compile(code, f"<{path.name}:{meta.get('grade_id') or cell.get('id')}>", "exec"), ns)
        except Exception as exc:
            failures.append(f"{meta.get('grade_id')}: {type(exc).__name__}: {exc}")
    missing = [n for n in names if n not in ns]
    if missing:
        raise RuntimeError(
            f"{path.name} defines no {', '.join(missing)} in its solution/helpers cells"
            + (f" ({'; '.join(failures)})" if failures else "")
        )
    return ns


def numpy_reference() -> dict:
    return extract(PS2, "import numpy as np\n", NUMPY_NAMES)


def torch_reference() -> dict:
    prelude = (
        "import numpy as np\nimport torch\nfrom torch import nn\n"
        "from torch.utils.data import DataLoader, TensorDataset\n"
    )
    return extract(PS3, prelude, TORCH_NAMES)


def epoch_flops(sizes: list[int], examples: int) -> int:
    """Multiply-adds ×2 of one epoch: forward, weight gradients, and input gradients of every layer but
    the first (nobody needs dL/dX)."""
    total = 0
    for layer, (d_in, d_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True), start=1):
        passes = 3 if layer > 1 else 2
        total += passes * 2 * d_in * d_out
    return total * examples


class _Take:
    """The first `k` minibatches of a loader (a DataLoader: shuffled anew each time it is iterated)."""

    def __init__(self, loader, k: int):
        self.loader, self.k = loader, k

    def __iter__(self):
        for i, batch in enumerate(self.loader):
            if i >= self.k:
                return
            yield batch

    def __len__(self):
        return min(self.k, len(self.loader))


class _Batches:
    """An iterable of (xb, yb) tensors for given minibatch index rows: what ps3's `train_epoch` loops over."""

    def __init__(self, X, y, rows):
        self.X, self.y, self.rows = X, y, rows

    def __iter__(self):
        for idx in self.rows:
            yield self.X[idx], self.y[idx]

    def __len__(self):
        return len(self.rows)


def _contenders(
    cfg: Config,
    dtype: str,
    X: np.ndarray,
    y: np.ndarray,
    np_ns: dict,
    t_ns: dict,
    seed: int,
    batches: int | None = None,
):
    """The contenders of one configuration and dtype; each call times `batches` minibatches (None: a whole
    epoch) and returns seconds scaled to a whole epoch."""
    import torch
    from torch import nn

    torch_dtype = getattr(torch, dtype)
    X = X.astype(dtype)
    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)
    n = len(X)
    full = n // cfg.batch_size  # minibatches of a whole epoch
    k = full if batches is None else max(1, min(int(batches), full))
    scale = full / k
    epoch_rng = np.random.default_rng(seed + 1)
    state: dict = {"k": k}

    def new_batches():
        # One permutation per round, shared by both contenders (NumPy uses it first or second: no matter).
        r = state.get("round_batches")
        if r is None or state.get("used", 0) >= 2:
            state["round_batches"] = np_ns["minibatch_indices"](n, cfg.batch_size, epoch_rng)[: state["k"]]
            state["used"] = 0
        state["used"] += 1
        return state["round_batches"]

    def timing(measured: float, loss: float, **extra) -> dict:
        return {
            "seconds": measured * scale,
            "measured": measured,
            "batches": k,
            "loss": loss,
            "examples": full * cfg.batch_size,
            **extra,
        }

    params = {
        k: v.astype(dtype)
        for k, v in np_ns["init_mlp"](cfg.sizes, np.random.default_rng(seed), scheme="he").items()
    }
    torch.manual_seed(seed)
    model = t_ns["MLP"](784, [cfg.hidden], 10).to(torch_dtype)
    optimizer = torch.optim.SGD(model.parameters(), lr=cfg.lr)
    loss_fn = nn.CrossEntropyLoss()
    fwd, bwd, ce, step = (np_ns[k] for k in ("mlp_forward", "mlp_backward", "cross_entropy", "sgd_step"))

    def run_numpy() -> dict:
        batches = new_batches()
        started = time.perf_counter()
        total = 0.0
        for idx in batches:
            probs, cache = fwd(X[idx], params, "relu")
            yb = y[idx]
            total += ce(probs, yb)
            step(params, bwd(cache, yb), cfg.lr)
        seconds = time.perf_counter() - started
        kept = all(v.dtype == np.dtype(dtype) for v in params.values())
        return timing(seconds, float(total / len(batches)), dtype_kept=kept)

    def run_torch() -> dict:
        batches = new_batches()
        loader = _Batches(X_t, y_t, torch.from_numpy(np.ascontiguousarray(batches)))
        started = time.perf_counter()
        loss = t_ns["train_epoch"](model, loader, optimizer, loss_fn)
        seconds = time.perf_counter() - started
        return timing(seconds, float(loss))

    out = [("numpy", run_numpy), ("torch", run_torch)]
    if cfg.dataloader:
        from torch.utils.data import DataLoader, TensorDataset

        dl_model = t_ns["MLP"](784, [cfg.hidden], 10).to(torch_dtype)
        dl_opt = torch.optim.SGD(dl_model.parameters(), lr=cfg.lr)
        gen = torch.Generator().manual_seed(seed)
        dl = DataLoader(
            TensorDataset(X_t, y_t), batch_size=cfg.batch_size, shuffle=True, generator=gen, drop_last=True
        )
        dl_k = _Take(dl, k)

        def run_dataloader() -> dict:
            started = time.perf_counter()
            loss = t_ns["train_epoch"](dl_model, dl_k, dl_opt, loss_fn)
            seconds = time.perf_counter() - started
            return timing(seconds, float(loss))

        out.append(("torch_dataloader", run_dataloader))
    return out


WARMUP_BATCHES = 20


def run(
    rounds: int,
    n_train: int | None = None,
    configs=CONFIGS,
    seed: int = 0,
    log=print,
    batches: int | None = 200,
) -> dict:
    """Interleaved epochs for every config and dtype: {key: {"config", "dtype", "comparison", "flops", …}}.

    Each measurement times `batches` minibatches (None: whole epochs) and is scaled to a whole epoch."""
    from utils.data import load_mnist

    np_ns, t_ns = numpy_reference(), torch_reference()
    data = load_mnist(dtype=np.float64, n_train=n_train)  # default: the 55,000 training images of ps2/ps3
    X, y = data["X_train"], data["y_train"]
    results = {}
    for cfg in configs:
        for dtype in cfg.dtypes:
            # warm-up (allocator, thread pools, first-call costs), not counted
            warm = batches if batches is None else min(batches, WARMUP_BATCHES)
            for _, fn in _contenders(cfg, dtype, X, y, np_ns, t_ns, seed, warm):
                fn()
            contenders = _contenders(cfg, dtype, X, y, np_ns, t_ns, seed, batches)
            comp: Comparison = interleave(contenders, rounds)
            first = comp.samples["numpy"][0]
            examples = first["examples"]
            key = f"{cfg.hidden}-b{cfg.batch_size}-{dtype}"
            results[key] = {
                "config": cfg,
                "dtype": dtype,
                "comparison": comp,
                "examples": examples,
                "batches": first["batches"],
                "flops": epoch_flops(cfg.sizes, examples),
            }
            log(
                f"  mlp {key}: numpy {comp.metric('numpy').fmt('s')}, torch {comp.metric('torch').fmt('s')}, "
                f"ratio {comp.ratio('numpy', 'torch').fmt()}"
            )
    return results
