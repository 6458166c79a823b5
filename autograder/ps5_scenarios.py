"""The hidden scenarios of problem set 5 §1 (grader-only; never shipped to students).

Students see only the loss curves of five training runs, read from `data/ps5_scenarios.npz`; the
configurations that produced them (and hence the diagnosis labels) live here. The curves are computed
by the notebook's own trainer (`train_mlp` of the `ps5-trainer` helper cell, PyTorch autograd), loaded
from the source notebook by `notebook_helpers`, so there is one trainer.

    python -m autograder.ps5_scenarios            # regenerate data/ps5_scenarios.npz
    python -m autograder.ps5_scenarios --check    # verify the shipped file against a fresh run

The §2 configurations that students repair are different runs (given in the notebook); the hidden
check of §1 holds the accepted labels (`autograder.checks.ps5.ACCEPTED`).
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from autograder.checklib import GraderFault

OUTPUT = Path(__file__).resolve().parent.parent / "data" / "ps5_scenarios.npz"

_BASE = {"init_scale": 1.0, "weight_decay": 0.0, "activation": "relu"}
# scenario -> (arguments of scenario_data, configuration of train_mlp); the labels are in ACCEPTED
HIDDEN = {
    "a": ({}, dict(_BASE, lr=2.0, hidden=48, batch_size=100, epochs=60, activation="tanh", seed=4)),
    "b": ({"seed": 1}, dict(_BASE, lr=0.1, hidden=128, batch_size=25, epochs=90, seed=2)),
    "c": ({"seed": 2}, dict(_BASE, lr=4.0, init_scale=8.0, hidden=24, batch_size=10, epochs=60, seed=5)),
    "d": ({"n_train": 100, "label_noise": 0.4, "seed": 3},
          dict(_BASE, lr=0.3, hidden=256, batch_size=25, epochs=250, seed=1)),
    "e": ({"seed": 4}, dict(_BASE, lr=2e-4, hidden=48, batch_size=20, epochs=120, seed=3)),
}


TRAINER_CELL = "ps5-trainer"


@functools.cache
def notebook_helpers() -> dict[str, Any]:
    """The namespace of the source notebook's trainer cell (`scenario_data`, `train_mlp`), executed in
    the grader from the instructor's notebook. A missing or broken notebook is a grader fault."""
    import torch

    from autograder import problemsets

    try:
        nb = json.loads(problemsets.resolve("ps5").source.read_text(encoding="utf-8"))
        cell = next(c for c in nb["cells"] if c.get("id") == TRAINER_CELL)
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        namespace: dict[str, Any] = {"np": np, "torch": torch, "__name__": "ps5_trainer"}
        # The trainer is the course's own notebook code (the source notebook, never a submission).
        exec(compile(source, f"<ps5 notebook cell {TRAINER_CELL}>", "exec"), namespace)
    except (OSError, ValueError, KeyError, StopIteration, SyntaxError) as exc:
        raise GraderFault(f"problem set 5's trainer could not be read from the source notebook ({exc})") \
            from exc
    return namespace


def curves(names: str = "abcde") -> dict[str, np.ndarray]:
    """Train the hidden scenarios `names` with the notebook's trainer: {"<name>_train_loss": ..., ...}."""
    import torch

    helpers = notebook_helpers()
    out = {}
    with torch.random.fork_rng():
        torch.set_num_threads(1)
        for name in names:
            data_args, config = HIDDEN[name]
            run = helpers["train_mlp"](config, helpers["scenario_data"](**data_args))
            out[f"{name}_train_loss"] = run["train_loss"]
            out[f"{name}_test_loss"] = run["test_loss"]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare the shipped file with a fresh run")
    args = parser.parse_args(argv)
    fresh = curves()
    if args.check:
        with np.load(OUTPUT) as shipped:
            bad = [k for k in fresh if k not in shipped or not np.allclose(shipped[k], fresh[k], rtol=1e-9)]
        print("ps5_scenarios.npz is up to date" if not bad else f"stale curves: {', '.join(bad)}")
        return 1 if bad else 0
    np.savez_compressed(OUTPUT, **{k: v.astype(np.float64) for k, v in fresh.items()})
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
