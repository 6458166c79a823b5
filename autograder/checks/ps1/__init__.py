"""Hidden checks of problem set 1, backpropagation by hand (`source/ps1_backprop_by_hand`).

Every expected value is computed here independently of the notebook's reference solution: PyTorch
float64 autograd on the same numbers (sections 1, 2, 4, 5 and the gradients of section 3). Wrong
answers that a typical mistake produces (σ′ applied to the pre-activation, the ½ dropped or doubled, a
transposed gradient, c read as a one-hot vector, only the diagonal of the softmax Jacobian, the output
sigmoid's derivative left out, ...) are recomputed with NumPy and passed to `assert_close` as hints,
so that the student reads which mistake it looks like, never the expected number.

Section 3 must be plain Python: the kernel reads the bytecode of the student's function (and of every
function of theirs it calls, closures and default arguments included) and reports any reference to
NumPy, PyTorch, SciPy, ..., `__import__`, `eval` or `exec` (`autograder.in_kernel.evidence`); the
results must then be lists (or tuples) of built-in `float`/`int`, which also catches NumPy scalars that
slipped through.

These checks run in the grader (`autograder.judge`): the student's functions are proxies, every call
computed in the kernel and answered with plain data.

One module per section: `personal` (1), `softmax_ce` (2), `plain_python` (3), `general` (4, 5); `rule`
(by hand, no autograd) and `values` serve them. This package exposes the checks (`autograder.run_check(
"ps1", name, ...)` finds them here), and the data helpers of section 3 the notebook calls.
"""

from autograder.checks.ps1.general import backprop_deltas, grad_13
from autograder.checks.ps1.personal import backward_221, forward_221
from autograder.checks.ps1.plain_python import (
    backward_scalar,
    forward_scalar,
    init_232,
    make_data_232,
    train_232,
)
from autograder.checks.ps1.softmax_ce import dl_do, dl_dy, dy_do, softmax

__all__ = [
    "forward_221", "backward_221", "softmax", "dl_dy", "dy_do", "dl_do", "forward_scalar", "backward_scalar",
    "make_data_232", "init_232", "train_232", "grad_13", "backprop_deltas",
]
