"""Problem set 3's side of the kernel: torch's state (threads, RNG, grad mode) kept and put back, models
built where the student's code runs, calls whose result stays there, and a forward hook that reports back."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import torch
from torch import nn

import autograder.judge as judge
from autograder.checklib import call, fail
from autograder.student_objects import call_echo


@contextlib.contextmanager
def torch_state(like: Any = None, threads: int = 1) -> Iterator[None]:
    """Run with one thread and restore the caller's RNG state and thread count afterwards: here, and
    in the kernel too when `like` (the student's object) lives there."""
    kernel = _kernel_state(like) if judge.is_remote(like) else None  # first: in the corpus's loopback
    previous = torch.get_num_threads()                                # the kernel is this process
    grad_mode = torch.is_grad_enabled()
    torch.set_num_threads(threads)
    try:
        with torch.random.fork_rng(devices=[]):
            yield
    except judge.CHANNEL_FAULTS:
        kernel = None  # the kernel is gone or busy: nothing to put back there
        raise
    finally:
        try:
            if kernel is not None:
                _restore_kernel_state(like, kernel)
        finally:
            torch.set_num_threads(previous)
            torch.set_grad_enabled(grad_mode)


def _kernel_state(like: Any, threads: int = 1) -> tuple[int, Any, bool]:
    """Save the kernel's thread count, RNG state and grad mode; run it with `threads` threads."""
    saved = (judge.library_call(like, "torch.get_num_threads"),
             judge.library_call(like, "torch.get_rng_state"),
             judge.library_call(like, "torch.is_grad_enabled"))
    judge.library_call(like, "torch.set_num_threads", threads)
    return saved


def _restore_kernel_state(like: Any, saved: tuple[int, Any, bool]) -> None:
    threads, rng, grad = saved
    judge.library_call(like, "torch.set_rng_state", rng)
    judge.library_call(like, "torch.set_grad_enabled", bool(grad))
    if type(threads) is int and threads > 0:
        judge.library_call(like, "torch.set_num_threads", threads)


def seed_everywhere(like: Any, seed: int) -> None:
    """`torch.manual_seed(seed)` here and where the student's code runs (it initialises their model)."""
    torch.manual_seed(seed)
    if judge.is_remote(like):
        judge.library_call(like, "torch.manual_seed", seed)


def is_nn(obj: Any, cls: type) -> bool:
    """`isinstance(obj, cls)` for a `torch.nn` class, asked of the kernel for an object there."""
    return judge.remote_isinstance(obj, f"torch.nn.{cls.__name__}")


def build_twin(like: Any, spec: tuple[tuple[str, tuple], ...], dtype: torch.dtype,
           model: nn.Module) -> Any:
    """A copy of the check's `model` (an nn.Sequential of the `torch.nn` modules in `spec`, in `dtype`)
    where the student's code runs: built in the kernel when `like` (the student's object) is there,
    else here; it gets `model`'s parameters and buffers (in place: `load_state_dict` copies)."""
    modules = []
    for name, args in spec:
        kwargs = {"dtype": dtype} if name in ("Linear", "BatchNorm1d") else {}
        modules.append(judge.library_call(like, f"torch.nn.{name}", *args, as_ref=True, **kwargs))
    twin = judge.library_call(like, "torch.nn.Sequential", *modules, as_ref=True)
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    judge.library_call(like, "torch.nn.Module.load_state_dict", twin, state, as_ref=True)
    return twin


def param_refs(model: Any) -> dict[str, Any]:
    """The model's parameters themselves, by name: kernel references for a model in the kernel (the
    same tensor, the same reference, whatever its dtype or data became), for identity checks."""
    names = [k for k, _ in model.named_parameters()]
    return {k: judge.library_call(model, "torch.nn.Module.get_parameter", model, k, as_ref=True)
            for k in names}


def state_of(model: Any) -> dict[str, torch.Tensor]:
    """A copy of the model's state dict (read from the kernel for a model there)."""
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def call_function_echo(fn: Any, *args: Any, name: str) -> tuple[Any, list[Any]]:
    """`student_objects.call_echo` for a function only (anything else fails as "not a function")."""
    if not callable(fn):
        fail(f"{name} is not a function")
    return call_echo(fn, *args, name=name)


def call_keep(fn: Any, *args: Any, name: str) -> Any:
    """`call` whose result stays where it was computed (a reference, for a function in the kernel), so
    that it can be read again later (`judge.fetch`)."""
    if not callable(fn):
        fail(f"{name} is not a function")
    return call(lambda *a: judge.call_ref(fn, *a), *args, name=name, check_unchanged=False)


class Probe:
    """A forward hook that records, at each forward of the module it watches, whether the module was
    in training mode and whether autograd was on (the module's output requires grad: the layers before
    it have parameters). For a module in the kernel it is a callback of the grader's."""

    def __init__(self) -> None:
        self.seen: list[tuple[bool, bool]] = []

    def watch(self, model: Any, index: int) -> None:
        judge.library_call(model, "torch.nn.Module.register_forward_hook", model[index], self,
                           as_ref=True)

    def __call__(self, module: Any, inputs: Any, output: Any) -> None:
        self.seen.append((module.training is True, getattr(output, "requires_grad", False) is True))
