"""Hidden checks of problem set 4: a two-layer network (squared loss) and hyperparameter search.

Each public function is one hidden test (`autograder.run_check("ps4", "<name>", ...)`):

- `init`: parameter names, shapes, `std * N(0, 1)` weights, zero biases, `seed` honoured.
- `loss`: scores, loss value and all four gradients against PyTorch float64 autograd, on random
  shapes (a batch of 1 included), with and without regularization.
- `predict`: integer labels equal to the argmax of the scores.
- `train`: histories, minibatch sampling (read off the first update by least squares over the
  per-example gradients), learning-rate decay once per epoch (read off a problem whose parameter
  trajectory depends only on the step sizes), regularization, `self.params` updated.
- `learns`: the student's class, trained with known-good settings on a fixed subset of
  scikit-learn's digits, reaches a validation accuracy well above chance.
- `search`, `random_search`: every grid point / trial, fractions in [0, 1], log-uniform sampling
  with the given generator, and the best net chosen by validation accuracy, which the grader
  recomputes from `best_net`'s parameters instead of trusting a reported number; `best_net`'s own
  (train_acc, val_acc), recomputed, must be among the results (made-up accuracies are caught).
- `best_config` (the headline): the setting the student reports, retrained by the grader with the
  student's own TwoLayerNet on the course's CIFAR-10 subset (500 iterations, seed 0), reaches the
  notebook's targets (>= 35 % validation, >= 33 % test accuracy), computed here from the trained
  parameters. A miss names the wrong part of the class, or says whether training diverged or hardly
  started. Quick mode: 100 iterations and lower bars, one retraining per behaviour of the class.

These checks run in the grader (`autograder.judge`): the student's class and functions are proxies,
and so are the nets they build (`net.loss(X, y)` is computed in the kernel and answered with plain
data). Reading `net.params` gives a copy, so the grader's parameters are written into the kernel's own
dict (`judge.attribute_ref`); the train check replaces a net's loss and predict by the grader's
functions, which the kernel calls back; random_search's generator is built in the kernel. Dicts,
tuples and lists of a subclass (an OrderedDict of parameters) stay references there and are read back
as plain ones (`student_objects.plain_container`).
Locally (the unit tests) every helper works on the objects themselves.

One module per part: `net_parts` (init, loss, predict), `training` (train), `tuning` (learns, search,
random_search), `headline` (best_config); `oracles`, `nets` (the student's net: building, reading,
training it) and `stand_ins` (the grader's own net and search) serve them. This package exposes the
checks (`autograder.run_check("ps4", name, ...)` finds them here).
"""

# Re-exported (`X as X`), not a check: the class a missing dataset raises.
from autograder.checklib import GraderFault as GraderFault
from autograder.checks.ps4.headline import best_config
from autograder.checks.ps4.net_parts import init, loss, predict
from autograder.checks.ps4.training import train
from autograder.checks.ps4.tuning import learns, random_search, search

__all__ = ["init", "loss", "predict", "train", "learns", "search", "random_search", "best_config"]
