"""Student-facing helpers for the neural-networks course: data, gradient checks, plots.

Nothing here solves a graded exercise: forward/backward passes, one-hot encoding, minibatching and
the like are what the problem sets ask students to write.
"""

from __future__ import annotations

import os
import random
import sys

import numpy as np

__all__ = ["seed_everything", "notebook_setup", "course_mode", "QUICK"]


def seed_everything(seed: int) -> np.random.Generator:
    """Seed Python's `random`, NumPy's global state and PyTorch (if installed).

    Returns a fresh `np.random.Generator(PCG64(seed))`, the preferred source of randomness in this
    course: pass it to everything random instead of relying on global state.
    """
    random.seed(seed)
    np.random.seed(seed)
    try:
        import torch
    except ImportError:  # utils works without torch (problem sets 1-2 need none)
        pass
    else:
        torch.manual_seed(seed)
    return np.random.default_rng(seed)


def notebook_setup(seed: int = 0, *, precision: int = 6, one_thread: bool = True) -> np.random.Generator:
    """The lines every problem set's setup cell shares; returns `seed_everything(seed)`'s generator.

    Seeds `random`, NumPy and PyTorch; NumPy prints `precision` digits without scientific notation;
    with `one_thread`, NumPy's BLAS (and PyTorch, when the notebook imported it) use one thread (the
    networks here are small: on a busy shared machine several threads mostly wait for each other);
    prints the mode (`COURSE_MODE`) and the library versions.
    """
    np.set_printoptions(precision=precision, suppress=True)
    torch = sys.modules.get("torch")
    if one_thread:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1, user_api="blas")
        if torch is not None:
            torch.set_num_threads(1)
    versions = f"numpy {np.__version__}" + (f" | torch {torch.__version__}" if torch is not None else "")
    print("QUICK mode (shortened training runs)" if QUICK else "full mode", "|", versions)
    return seed_everything(seed)


def course_mode() -> str:
    """The course setting `COURSE_MODE`: ``"full"`` (what students run, default) or ``"quick"``.

    The autograder and CI set ``COURSE_MODE=quick`` so that long training cells are shortened while
    every cell still executes. Any other value is an error, so a typo cannot silently change a run.
    """
    mode = os.environ.get("COURSE_MODE", "full").strip().lower() or "full"
    if mode not in ("full", "quick"):
        raise ValueError(f"COURSE_MODE must be 'quick' or 'full', not {mode!r}")
    return mode


QUICK: bool = course_mode() == "quick"
