"""Hidden checks of problem set 5: diagnosing and debugging training.

Each public function is one hidden test (`autograder.run_check("ps5", "<name>", ...)`):

- `diagnosis`: the labels of the five curve scenarios, case-insensitive, against `ACCEPTED`. The
  scenarios' configurations are hidden (`autograder.ps5_scenarios`, grader-only); students see only
  the curves. A wrong diagnosis is told how many labels do not match, never which.
- `fix_1`, `fix_2`, `fix_3`: the returned configuration is validated (same keys, same epoch budget
  and seed, hidden size <= 256, batch size >= 8, input not modified) and then trained by the
  notebook's own trainer (`train_mlp` of the `ps5-trainer` helper cell, PyTorch autograd), executed
  here from the instructor's source notebook, never from the student's kernel: the final training loss
  must be below 1.0 and at most half of the loss after the first epoch, and the test loss must end
  below its first-epoch value.
- `fit_alternating_3`, `fit_alternating_4`: the student's `fit_alternating(N, seed)` for seeds 1 and
  2 (seed 0 is the visible test's): a `torch.nn.Module` with trainable parameters, 100 % training
  accuracy (logit > 0 means label 1), at most `SECONDS_PER_FIT` per call on an idle machine (stretched
  by the load average, so that a busy grader does not fail a valid answer; the check's own time limit
  bounds a slow answer), and an output that varies continuously between training points (a jump is
  hunted down by bisection, with tolerances scaled to the output's dtype: lookup tables and rounded
  inputs fail, float32 models pass).
- `bug_location`: the parameters whose gradients each given buggy backward corrupts
  (`BUG_LOCATIONS`, case-sensitive names; a single name or any collection of names). A wrong answer is
  told how many implementations are wrong, never which.
- `fixed_backward`: gradients of the mean softmax cross-entropy + (reg/2)(|W1|^2 + |W2|^2) against
  PyTorch float64 autograd, on random shapes (a batch of 1, large logits included).
- `dead_fraction`: the fraction of first-layer ReLU units whose output is zero on every input,
  against a direct computation, on edge cases (all dead, none dead, dead on some inputs only,
  pre-activation exactly zero).

These checks run in the grader (`autograder.judge`): the student's functions and models are proxies,
every call computed in the kernel and answered with plain data. Answers that are plain data (dicts,
lists, strings, numbers, arrays, tensors) arrive as copies; anything else (a dict or str subclass, an
`nn.Module`) stays in the kernel and is read through the proxy: a dict subclass is read key by key, a
str subclass as the plain string it holds, the model's parameters are mirrored and its outputs come
back by value. The trainer, the oracles and the accepted answers never enter the kernel.

One module per section: `answers` (the answer sets, and 1: diagnosis), `fixes` (2), `alternating` (3),
`bug_hunt` (4), `dead_units` (5). This package exposes the checks (`autograder.run_check("ps5", name,
...)` finds them here) and the accepted labels (`ACCEPTED`).
"""

from autograder.checks.ps5.alternating import fit_alternating_3, fit_alternating_4

# Re-exported (`X as X`), not a check: the accepted labels of section 1 (see autograder.ps5_scenarios).
from autograder.checks.ps5.answers import ACCEPTED as ACCEPTED
from autograder.checks.ps5.answers import diagnosis
from autograder.checks.ps5.bug_hunt import bug_location, fixed_backward
from autograder.checks.ps5.dead_units import dead_fraction
from autograder.checks.ps5.fixes import fix_1, fix_2, fix_3

__all__ = [
    "diagnosis", "fix_1", "fix_2", "fix_3", "fit_alternating_3", "fit_alternating_4", "bug_location",
    "fixed_backward", "dead_fraction",
]
