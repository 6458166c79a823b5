"""The `course` subcommands as modules (autograder/commands/): every one registered under its own name,
with `add_parser` and `run`, and building the parser imports none of the grading machinery.

`course <cmd> --help` for every registered command: tests/test_course_units.py::test_help.
"""

from __future__ import annotations

import argparse
import json
import pkgutil
import re
import subprocess
import sys

import pytest

from autograder import cli, commands

MODULES = sorted(m.name for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_"))

# What building the parser must not import: `course --help` would pay for it (seconds under load).
HEAVY = ("nbformat", "nbgrader", "nbconvert", "jupyter_client", "numpy", "torch")
# The only parts of autograder it may import: the package (and its in-kernel half), the CLI, commands/.
LIGHT = ("autograder", "autograder.in_kernel", "autograder.cli", "autograder.commands")


def test_every_module_is_registered_and_nothing_else():
    assert MODULES, "no command modules found"
    assert sorted(cli.COMMANDS) == MODULES
    assert cli.COMMANDS is commands.COMMANDS


@pytest.mark.parametrize("name", MODULES)
def test_module_defines_its_parser_and_run(name):
    module = cli.COMMANDS[name]
    assert module.__name__ == f"autograder.commands.{name}"
    assert callable(module.run)
    sub = argparse.ArgumentParser(prog="course").add_subparsers(dest="command")
    parser = module.add_parser(sub)
    assert isinstance(parser, argparse.ArgumentParser)
    assert list(sub.choices) == [name], "add_parser must add exactly its own subcommand"
    assert parser.prog == f"course {name}"
    assert parser.get_default("root") is None and "--root" in parser.format_help()


def test_top_level_help_lists_every_command_in_registry_order(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    found = [re.search(rf"^    {name}\s", out, re.MULTILINE) for name in cli.COMMANDS]
    assert None not in found, out
    assert [m.start() for m in found] == sorted(m.start() for m in found)


def test_building_every_parser_imports_no_heavy_module():
    probe = (
        "import argparse, json, sys\n"
        "import autograder.cli as cli\n"
        "parser = cli.build_parser()\n"
        "parser.format_help()\n"
        "sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))\n"
        "for p in sub.choices.values(): p.format_help()\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    loaded = json.loads(out.stdout)
    assert [m for m in loaded if m.split(".")[0] in HEAVY] == []
    ours = [m for m in loaded if m.split(".")[0] == "autograder"]
    assert "autograder.commands.status" in ours  # the probe did import the commands
    assert [m for m in ours if not any(m == p or m.startswith(p + ".") for p in LIGHT)] == []


def test_usage_error_and_bad_jobs_exit_with_usage_code(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["no-such-command"])
    assert exc.value.code == cli.EXIT_USAGE
    assert cli.main(["autograde", "ps1", "--jobs", "0"]) == cli.EXIT_USAGE
    assert "--jobs must be at least 1" in capsys.readouterr().err
