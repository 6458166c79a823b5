"""The attacks as submission variants of one problem set (`autograder.corpus.Variant`): the solution
sections each writes, the test cells it must fail, its mutation of the notebook, and only the attacks
that can run here without really harming the grader or the machine."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from autograder import isolation, sandbox
from autograder.adversarial.catalogue import ATTACK_CELLS, ATTACKS, NEEDS_ISOLATION, NEEDS_SANDBOX
from autograder.adversarial.mutations import _insert_after_first_solution, _rewrite_solutions
from autograder.adversarial.verdict_code import ALWAYS_EQUAL, IN_CALL, PATCH_NUMPY
from autograder.corpus import Variant, is_autograded_test, is_solution, nbgrader_meta


def _tests_after_insertion(source_nb: dict) -> list[str]:
    cells = source_nb["cells"]
    first = next(i for i, c in enumerate(cells) if is_solution(c) and c["cell_type"] == "code")
    return [nbgrader_meta(c)["grade_id"] for c in cells[first + 1 :] if is_autograded_test(c)]


def attack_variants(source_nb: dict, names: list[str] | tuple[str, ...] | None = None) -> list[Variant]:
    """The attacks (all, or `names`) as variants of the problem set whose source is `source_nb`."""
    tests = [nbgrader_meta(c)["grade_id"] for c in source_nb["cells"] if is_autograded_test(c)]
    solutions = [nbgrader_meta(c)["grade_id"] for c in source_nb["cells"] if is_solution(c)]
    out = []
    for name, (description, base, cell_key, mutate, sections_kind, expect) in ATTACKS.items():
        if names and name not in names:
            continue
        if not _can_run(name):
            continue
        out.append(
            Variant(
                name=name,
                path=Path(f"<attack {name}>"),
                description=description,
                kind="adversarial",
                fails=_expected_failures(source_nb, base, cell_key, tests),
                sections=_attack_sections(source_nb, base, sections_kind),
                e2e=True,
                in_process=False,
                unanswered=list(solutions) if base == "blank" else [],
                namespace={"mutate": _mutation(cell_key, mutate), "EXPECT_TAMPER": set(expect), "BASE": base},
            )
        )
    return out


def _can_run(name: str) -> bool:
    """Whether an attack can run here without really harming the grader or the machine."""
    if name in NEEDS_ISOLATION and not isolation.available():
        return False  # without a PID namespace this attack would really kill the grader
    if name in NEEDS_SANDBOX and not sandbox.available():
        return False  # without the sandbox it would really write the course, flood the disk, ...
    return True


def _attack_sections(source_nb: dict, base: str, sections_kind: str | None) -> dict[str, str]:
    """The solution sections an attack writes in place of the reference's (none unless its base is
    "wrong" or it names a kind of section)."""
    if not (base == "wrong" or sections_kind):
        return {}
    kind = sections_kind or "wrong"
    if kind == "always_equal":
        return _rewrite_solutions(
            source_nb,
            lambda f: "    return _AlwaysEqual(0.0)",
            "_AlwaysEqual(0.0)",
            prelude=ALWAYS_EQUAL,
        )
    if kind == "wrong_patching":
        patch = "\n".join("    " + line for line in PATCH_NUMPY.splitlines())
        return _rewrite_solutions(
            source_nb, lambda f, patch=patch: patch + "\n    return args[0] if args else 0.0", "0.0"
        )
    if kind.startswith("in_call:"):
        attack = IN_CALL[kind.split(":", 1)[1]]
        body = "\n".join("    " + line for line in attack.splitlines())
        return _rewrite_solutions(
            source_nb, lambda f, body=body: body + "\n    return args[0] if args else 0.0", "0.0"
        )
    if kind == "sys_exit":
        return _rewrite_solutions(source_nb, lambda f: "    import sys\n    sys.exit(0)", "0.0")
    return _rewrite_solutions(source_nb, lambda f: "    return args[0] if args else 0.0", "0.0")


def _expected_failures(source_nb: dict, base: str, cell_key: str | None, tests: list[str]) -> dict:
    """The test cells an attack must fail: all for a blank or wrong base, those after the inserted cell
    for attacks that end the kernel, else none."""
    if base in ("blank", "wrong"):
        return dict.fromkeys(tests)
    if cell_key in ("os_exit", "hang_uninterruptible"):
        return dict.fromkeys(_tests_after_insertion(source_nb))
    return {}


def _mutation(cell_key: str | None, mutate: Callable | None) -> Callable:
    """The attack's change of the notebook: its attack cell inserted after the first solution, then its
    own mutation (each step may return a new notebook or change it in place)."""
    mutations = []
    if cell_key:
        mutations.append(_insert_after_first_solution(ATTACK_CELLS[cell_key]))
    if mutate:
        mutations.append(mutate)

    def combined(nb, _mutations=tuple(mutations)):
        for m in _mutations:
            nb = m(nb) or nb
        return nb

    return combined
