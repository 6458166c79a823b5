"""lint.check_names: the checks a hidden line may name, from a check module or a check package."""

from __future__ import annotations

from autograder import lint
from autograder.course import Course
from autograder.problemsets import ProblemSet


def _course(tmp_path, files: dict[str, str]) -> Course:
    for rel, text in files.items():
        path = tmp_path / "autograder" / "checks" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return Course(tmp_path)


def test_a_module_gives_its_public_functions(tmp_path):
    course = _course(tmp_path, {"ps7.py": "def softmax(f): ...\ndef _helper(): ...\nLIMIT = 3\n"})
    assert lint.check_names(course, ProblemSet("ps7", "ps7_x", tmp_path)) == {"softmax"}


def test_a_package_gives_what_its_init_defines_or_imports_from_its_own_modules(tmp_path):
    course = _course(tmp_path, {
        "ps7/__init__.py": (
            "from autograder.checks.ps7.first import softmax, WRONG\n"
            "from .second import train as train_mlp\n"
            "from autograder.checklib import fail\n"  # a helper from elsewhere is no check
            "def local(f): ...\n"
        ),
        "ps7/first.py": "def softmax(f): ...\n",
        "ps7/second.py": "def train(f): ...\n",
    })
    assert lint.check_names(course, ProblemSet("ps7", "ps7_x", tmp_path)) == {"softmax", "train_mlp", "local"}


def test_neither_module_nor_package_is_none(tmp_path):
    course = _course(tmp_path, {"ps8.py": "def f(x): ...\n"})
    assert lint.check_names(course, ProblemSet("ps7", "ps7_x", tmp_path)) is None
