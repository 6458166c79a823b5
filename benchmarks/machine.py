"""The machine the figures were measured on: CPU, memory, BLAS libraries and their threads, versions,
and its limit for dense linear algebra (large-matmul GFLOP/s, NumPy and PyTorch, float32 and float64)."""

from __future__ import annotations

import os
import platform
import sys
import time
from importlib import metadata

from benchmarks.stats import Comparison, interleave, load_average


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _cpu_flags() -> set[str]:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def _memory_gib() -> float | None:
    try:
        import psutil

        return psutil.virtual_memory().total / 2**30
    except ImportError:
        return None


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def facts() -> dict:
    """Everything about this machine and software that a reader needs to weigh the figures."""
    import numpy as np
    import threadpoolctl
    import torch

    flags = _cpu_flags()
    simd = [f for f in ("avx512f", "avx2", "fma", "avx") if f in flags]
    blas = []
    for info in threadpoolctl.threadpool_info():
        blas.append(
            {
                k: info.get(k)
                for k in (
                    "user_api",
                    "internal_api",
                    "prefix",
                    "version",
                    "num_threads",
                    "threading_layer",
                    "architecture",
                )
                if info.get(k) is not None
            }
        )
    torch_blas = "unknown"
    config = torch.__config__.show()
    for part in config.replace(",", "\n").splitlines():
        if "BLAS_INFO=" in part:
            torch_blas = part.split("=", 1)[1].strip()
    return {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "cpu_model": _cpu_model(),
        "logical_cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "simd": simd,
        "memory_gib": _memory_gib(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "torch_blas": torch_blas,
        "nbgrader": _version("nbgrader"),
        "nbclient": _version("nbclient"),
        "threadpoolctl": threadpoolctl.__version__,
        "blas": blas,
        "env": {
            k: os.environ.get(k)
            for k in (
                "OPENBLAS_CORETYPE",
                "OPENBLAS_L2_SIZE",
                "OMP_NUM_THREADS",
                "OPENBLAS_NUM_THREADS",
                "MKL_NUM_THREADS",
            )
        },
        "load_average": load_average(),
    }


# --- the machine's limit: large matrix products ---------------------------------------------------


def _matmul_numpy(n: int, dtype: str, repeats: int):
    import numpy as np

    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n)).astype(dtype)
    b = rng.standard_normal((n, n)).astype(dtype)
    c = np.empty((n, n), dtype=dtype)
    np.matmul(a, b, out=c)  # warm-up (thread pool, pages)

    def run() -> dict:
        started = time.perf_counter()
        for _ in range(repeats):
            np.matmul(a, b, out=c)
        seconds = (time.perf_counter() - started) / repeats
        return {"seconds": seconds, "gflops": 2 * n**3 / seconds / 1e9}

    return run


def _matmul_torch(n: int, dtype: str, repeats: int):
    import torch

    gen = torch.Generator().manual_seed(0)
    tdtype = getattr(torch, dtype)
    a = torch.randn(n, n, generator=gen, dtype=tdtype)
    b = torch.randn(n, n, generator=gen, dtype=tdtype)
    c = torch.empty(n, n, dtype=tdtype)
    torch.matmul(a, b, out=c)

    def run() -> dict:
        started = time.perf_counter()
        for _ in range(repeats):
            torch.matmul(a, b, out=c)
        seconds = (time.perf_counter() - started) / repeats
        return {"seconds": seconds, "gflops": 2 * n**3 / seconds / 1e9}

    return run


def matmul_throughput(n: int = 2048, repeats: int = 3, rounds: int = 5) -> dict[str, Comparison]:
    """GFLOP/s of an n×n by n×n product, NumPy and PyTorch side by side, per dtype."""
    out = {}
    for dtype in ("float32", "float64"):
        out[dtype] = interleave(
            [("numpy", _matmul_numpy(n, dtype, repeats)), ("torch", _matmul_torch(n, dtype, repeats))], rounds
        )
    return out


def peak_gflops(comparisons: dict[str, Comparison]) -> dict[str, float]:
    """The machine's limit per dtype: the best median of the two libraries."""
    return {
        dtype: max(comp.metric(lib, "gflops").median for lib in comp.names)
        for dtype, comp in comparisons.items()
    }
