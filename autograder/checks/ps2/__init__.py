"""Hidden checks of problem set 2: backpropagation in NumPy, from toy data to MNIST.

A hidden test calls one function here, e.g. ``autograder.run_check("ps2", "mlp_backward",
mlp_forward, mlp_backward)``. Expected values come from independent computations: PyTorch float64
autograd for every gradient, softmax and cross-entropy, and plain NumPy float64 recomputations for
the rest (index properties, initialisation statistics, gradient-descent trajectories). Random inputs
are seeded; shapes include a batch of 1, odd sizes and networks with several hidden layers.

"No per-example loop" (`mlp_vectorized`) is tested by behaviour, not by reading the source: the
kernel counts the Python line events (``sys.settrace``, `autograder.in_kernel.evidence.count_lines`)
that the student's function executes for a batch of 2 and for a batch of 256. A vectorized
function runs the same lines whatever the batch size; a loop over examples (a ``for`` over rows, a
comprehension, ``np.vectorize`` or ``np.apply_along_axis`` around Python code) runs its body once per
example. Counting is exact and deterministic, unlike timing on a shared machine, and it does not ban
loops over layers.

`train_mlp` trains the student's code briefly on a fixed MNIST subset (training images 0-1,999,
validation images 2,000-2,999 of the original training file) and requires a validation accuracy
set from what the reference reaches there, with a margin; it never trusts the student's own run.
The grader reads that subset from the course's data files and sends it to the kernel by value
(about 19 MB per call); the rest of MNIST never crosses.

These checks run in the grader (`autograder.judge`); the kernel only computes. The student's functions
are proxies: each call runs in the kernel on copies of the arguments and answers with plain data (a
cache object or anything else that is not plain data stays there, as a reference). Whatever the checks
need on the kernel's side goes through the channel too: random generators built there
(`student_objects.numpy_call`), its global `np.random` state, "did the function modify its argument"
judged on the kernel's copy (`judge.call_echo`), and `sgd_step`'s in-place update judged on the kernel's
own arrays (`student_objects.held`, `call_kept`). Every helper also works on local functions (the unit
tests).

One module per section: `data_prep` (1), `moons` (2), `initialise` and `mlp` (3), `mnist` (training on
MNIST, the headline targets); `rules` (the NumPy-only rule, named errors, stand-ins), `values` (reading
student values) and `oracles` serve them. This package exposes the checks (`autograder.run_check("ps2",
name, ...)` finds them here); no module bears a check's name.
"""

# Re-exported (`X as X`), not checks: the class a missing dataset raises and the headline settings.
from autograder.checklib import GraderFault as GraderFault
from autograder.checks.ps2.data_prep import minibatch_indices, one_hot, train_val_split
from autograder.checks.ps2.initialise import init_mlp
from autograder.checks.ps2.mlp import (
    cross_entropy,
    mlp_backward,
    mlp_backward_single,
    mlp_forward,
    mlp_vectorized,
    sgd_step,
)
from autograder.checks.ps2.mnist import HEADLINE_RUNS as HEADLINE_RUNS
from autograder.checks.ps2.mnist import QUICK_HEADLINE as QUICK_HEADLINE
from autograder.checks.ps2.mnist import mnist_targets, train_mlp
from autograder.checks.ps2.moons import moons_backprop, train_moons
from autograder.checks.ps2.rules import library_violation

__all__ = [
    "one_hot", "minibatch_indices", "train_val_split", "moons_backprop", "train_moons", "init_mlp",
    "mlp_forward", "cross_entropy", "mlp_backward_single", "mlp_backward", "mlp_vectorized", "sgd_step",
    "train_mlp", "mnist_targets", "library_violation",
]
