"""Attacks on the grader, built for ANY problem set: the pipeline's adversarial submission corpus.

Each attack is a submission variant (`autograder.corpus.Variant`, `IN_PROCESS = False`: only a real
kernel may run it) derived from the problem set's own notebook, so a new problem set is covered
without writing anything:

- on an honest base — "blank" (every answer left as the stub), "wrong" (every graded function returns
  its first argument, every graded value is 0) or "reference" — it adds tampering: monkeypatching
  `autograder.run_check`, `sys.modules`, `builtins.__import__`, NumPy comparison functions, an import
  finder that serves fake checks, objects whose `__eq__` is always true, exits, hangs, memory
  exhaustion, and edits of the notebook's structure (deleted, duplicated, reordered, retyped, edited or
  un-marked test cells);
- `FAILS` is what the honest base deserves (blank/wrong: every test cell fails; reference: none, or
  the cells the kernel never reached after an exit), so "no undeserved points" is `corpus.judge`;
- `EXPECT_TAMPER` lists the tamper-report kinds the attack must produce.

Used by the pipeline tests and by `course validate --attacks`.

The package: `verdict_code` and `machine_code` (what the attack cells run), `mutations` (how an attack
changes a notebook), `catalogue` (ATTACKS and which need what), `variants` (attack_variants).
"""

from __future__ import annotations

from autograder.adversarial.catalogue import ATTACK_CELLS, ATTACKS, HANGS, NEEDS_ISOLATION, NEEDS_SANDBOX
from autograder.adversarial.machine_code import (
    DISK,
    FLOOD,
    KILL_GRADER,
    LINGER,
    PROCESSES,
    REACH_KERNELS,
    READ_SECRET,
    SECRET_VAR,
    STEAL_ANSWERS,
    WRITE_COURSE,
)
from autograder.adversarial.variants import attack_variants
from autograder.adversarial.verdict_code import (
    ALWAYS_EQUAL,
    ATTACK_CELLS_JUDGED,
    FAKE_CHECKS_FINDER,
    IN_CALL,
    PATCH_NUMPY,
)

__all__ = [
    "ALWAYS_EQUAL",
    "ATTACKS",
    "ATTACK_CELLS",
    "ATTACK_CELLS_JUDGED",
    "DISK",
    "FAKE_CHECKS_FINDER",
    "FLOOD",
    "HANGS",
    "IN_CALL",
    "KILL_GRADER",
    "LINGER",
    "NEEDS_ISOLATION",
    "NEEDS_SANDBOX",
    "PATCH_NUMPY",
    "PROCESSES",
    "REACH_KERNELS",
    "READ_SECRET",
    "SECRET_VAR",
    "STEAL_ANSWERS",
    "WRITE_COURSE",
    "attack_variants",
]
