"""Hidden checks of problem set 3 (`source/ps3_pytorch`): the same networks in NumPy and PyTorch.

Expected values come from independent computations: PyTorch float64 autograd for the 13-weight
network, an own training loop on a deep copy of the model for the PyTorch training functions,
and the layer-by-layer recomputation of an MLP from its own `nn.Linear` layers.

The 13 weights are ordered as in problem set 1: w1-w3 are the biases of h1-h3, w4-w6 the weights
from x1 into h1-h3, w7-w9 from x2 into h1-h3, w10 the output bias and w11-w13 the weights from
h1-h3 into the output. In a PyTorch `Linear(2, 3)` that is ``bias = w[0:3]`` and
``weight[j, i] = w[3 + 3 i + j]``; in `Linear(3, 1)`, ``bias = w[9]`` and ``weight[0] = w[10:13]``.

These checks run in the grader (`autograder.judge`): the student's functions, classes and the models
they return are proxies, every call computed in the kernel and answered with plain data (tensors arrive
as local mirrors of the kernel's). The models, data loaders, optimizers and losses a check hands to
student code are built where that code runs (`judge.library_call`): the check builds its own model
here, computes its oracles on it, and gives the kernel a copy with the same parameters and buffers
(`kernel_side.build_twin`). Whether a function trained, updated in place or left a model alone is read
back from the kernel: parameter identity through kernel references (`param_refs`), values through the
mirrors. A forward hook that calls back into the grader (`Probe`) records the mode and whether autograd
was on at each forward of the check's models. The check's own MLP training (`train_mlp_briefly`) runs
step by step in the kernel on data sent there once, and the kernel's RNG, thread count and grad mode are
put back afterwards (`torch_state`). Locally (the unit tests) every helper works on the objects
themselves.

One module per section: `numpy13` (1), `torch13` (2), `mnist_mlp` (4); `net13` (the 13-weight
network's oracle, layout and named mistakes), `kernel_side` and `values` serve them. This package
exposes the checks (`__all__`; `autograder.run_check("ps3", name, ...)` finds them here). No module
bears a check's name (the check, not the module, must be the package's attribute).
"""

# Re-exported (`X as X`), not checks of the notebook: the class a missing dataset raises, the check's own
# training loop and its settings, and the layouts a wrong weights_to_model may assume.
from autograder.checklib import GraderFault as GraderFault
from autograder.checks.ps3.mnist_mlp import MLP_EPOCHS as MLP_EPOCHS
from autograder.checks.ps3.mnist_mlp import MLP_THRESHOLD as MLP_THRESHOLD
from autograder.checks.ps3.mnist_mlp import evaluate, mlp, train_epoch
from autograder.checks.ps3.mnist_mlp import train_mlp_briefly as train_mlp_briefly
from autograder.checks.ps3.net13 import WRONG as WRONG
from autograder.checks.ps3.numpy13 import backprop_13, check_grad_error, forward_pass, train_numpy
from autograder.checks.ps3.torch13 import build_model, model_to_weights, train_torch, weights_to_model

__all__ = [
    "forward_pass", "backprop_13", "check_grad_error", "train_numpy", "build_model",
    "weights_to_model", "model_to_weights", "train_torch", "mlp", "train_epoch", "evaluate",
]
