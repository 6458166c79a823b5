"""No given code solves a graded task: `course validate`'s "given code" step.

The given code is what a student receives ready-made: every code cell of the student version that is
neither a solution cell nor an autograded test cell, and every public function of `utils`. Each piece
of it that can stand in for a graded answer is run against every graded check of every problem set,
the way the corpus runs them (`judge.run_local`, local objects), and must FAIL it: a pass means a
student could hand in given code (or a copy of it) and earn the points, and is reported as a
violation naming the given code and the check.

What is executed, per problem set (in this process, which `validate` forks for it):
- the *given* namespace: the setup cells and `helpers` cells in full, the solution cells as the student
  version shows them (stubs raising NotImplementedError), and of every other given cell (demos,
  training runs, plots) only its definitions: imports, functions, classes and assignments of literal
  constants, so that no training runs;
  (a solution that only assigns strings, the student's id, is no work: it keeps the reference's);
- the *reference* namespace: the same given cells with the source's solution cells, in notebook
  order, for the graded arguments of the checks (a check of `mlp_backward` also takes `mlp_forward`:
  the reference one).

What stands in for what (the hidden lines `run_check("ps2", "one_hot", one_hot)` of the source say
which argument of which check a graded name is):
- a graded *function*: every given function (notebook cells and `utils`, private names included for
  the notebooks) and every method of a given class that can be built without arguments, whose
  positional arity is the graded function's;
- a graded *class*: the reference class with one of its methods replaced by the method of the same
  name of a given class (counted only for checks that grade that method: the check must fail when
  the method gives wrong numbers; a constructor every check needs is graded only by the check of what
  it sets up);
- a graded *value* (numbers computed by hand): every value the given code computes, its top-level
  variables and the locals of its functions that take no argument (a self-check that computes the
  answers with autograd), of the same kind (an array of the same size, a dict with the same keys).

Each run has a time limit (`time_limit`, SIGALRM); a run that passes it counts as failed, with a note.
`LEVEL` says whether `validate` reports violations as errors or as warnings.

The package: `limits` (time limits), `model` (Violation, Analysis, Candidate, Slot), `notebook` (the
namespaces and hidden lines), `candidates` (given functions and classes), `values` (given values),
`trial` (running a check with given code in an answer's place), `run` (analyse, task) and
`validate_step` (validate's task and report); `python -m autograder.given_code` runs it by hand.
"""

from __future__ import annotations

from autograder.given_code.candidates import UTILS_SKIPPED, compatible, utils_candidates
from autograder.given_code.limits import (
    CELL_TIME_LIMIT,
    DEFAULT_TIME_LIMIT,
    MAX_VALUE_DEPTH,
    VALUE_CALL_LIMIT,
)
from autograder.given_code.model import Analysis, Candidate, Slot, Violation
from autograder.given_code.notebook import DEFINITIONS, Notebook, definitions_only, load_notebook
from autograder.given_code.run import analyse, task
from autograder.given_code.trial import run_check, slots
from autograder.given_code.validate_step import KEY, LEVEL, report, validate_task
from autograder.given_code.values import given_values, same_kind

__all__ = [
    "CELL_TIME_LIMIT",
    "DEFAULT_TIME_LIMIT",
    "DEFINITIONS",
    "KEY",
    "LEVEL",
    "MAX_VALUE_DEPTH",
    "UTILS_SKIPPED",
    "VALUE_CALL_LIMIT",
    "Analysis",
    "Candidate",
    "Notebook",
    "Slot",
    "Violation",
    "analyse",
    "compatible",
    "definitions_only",
    "given_values",
    "load_notebook",
    "report",
    "run_check",
    "same_kind",
    "slots",
    "task",
    "utils_candidates",
    "validate_task",
]
