"""Attack code aimed at the verdict: an always-equal result, NumPy's comparisons patched, a finder that
serves fake checks, code run inside every graded function while the grader's check waits (`IN_CALL`),
and cells that tamper with what is left of the kernel side (`ATTACK_CELLS_JUDGED`). The checks run in
the grader (autograder.judge), so each must win nothing over the same wrong answers without it."""

from __future__ import annotations

ALWAYS_EQUAL = '''\
class _AlwaysEqual(float):
    """A result that claims to equal anything."""
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __bool__(self): return True
    def __array__(self, *args, **kwargs):
        import numpy
        return numpy.array([self], dtype=object)
    def __hash__(self): return 0
'''

PATCH_NUMPY = """\
import numpy as np
setattr(np, "allclose", lambda *args, **kwargs: True)
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(a, b).shape, dtype=bool)
np.array_equal = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None
"""

FAKE_CHECKS_FINDER = """\
import importlib.abc, importlib.util, sys, types

class _FakeChecks(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path=None, target=None):
        if name.startswith("autograder.checks."):
            return importlib.util.spec_from_loader(name, self)
        return None
    def create_module(self, spec):
        return types.ModuleType(spec.name)
    def exec_module(self, module):
        import autograder.in_kernel.runtime as runtime
        module.__file__ = str(runtime.PACKAGE_DIR / "checks" / "fake.py")
        module.__getattr__ = lambda name: (lambda *args, **kwargs: None)

sys.meta_path.insert(0, _FakeChecks())
for _name in [k for k in sys.modules if k.startswith("autograder.checks.")]:
    del sys.modules[_name]
"""


# --- attacks on the verdict: the checks run in the grader (autograder.judge), not in the kernel -----
# Each was a way to score wrong answers while the checks ran in the student's kernel; now each must
# win nothing over the same wrong answers without it. `IN_CALL` code runs inside every graded function
# (while the grader's check is waiting for its answer); `ATTACK_CELLS` code runs in a cell.
IN_CALL = {
    # rebind the comparison helpers of every check module the kernel has loaded
    "rebind_helpers": """\
import sys as _sys
for _name, _mod in list(vars(_sys)["mod" + "ules"].items()):
    if _name.startswith("autograder") and _mod is not None:
        for _attr in ("assert_close", "is_close", "fail", "as_array", "as_float", "call"):
            if hasattr(_mod, _attr):
                try:
                    setattr(_mod, _attr, lambda *a, **k: None)
                except Exception:
                    pass
""",
    # a trace function that copies `expected` into `actual` in any comparison frame it sees
    "trace_compare": """\
import sys as _sys
def _tracer(frame, event, arg):
    if "expected" in frame.f_locals and "actual" in frame.f_locals:
        frame.f_locals["actual"] = frame.f_locals["expected"]
    return _tracer
_sys.settrace(_tracer)
""",
    # put a number on display from inside the function: nbgrader read it as partial credit
    "displayhook": """\
import sys as _sys
_sys.displayhook(1.0)
""",
    # re-patch NumPy's comparisons from inside the call (after any pre-cell restore ran)
    "repatch": PATCH_NUMPY,
}

ATTACK_CELLS_JUDGED = {
    # swap the code of run_check (kernel side) and of np.all for always-pass versions
    "code_swap": """\
import autograder, numpy as np
def _nothing(*args, **kwargs):
    return None
for _f in (autograder.run_check, getattr(autograder, "local_check", None)):
    if _f is not None and hasattr(_f, "__code__"):
        _f.__code__ = _nothing.__code__
_yes = lambda *args, **kwargs: True
try:
    np.all.__code__ = _yes.__code__
except Exception:
    pass
""",
    # tamper with what the old in-kernel defences left behind: the snapshot and the runtime log
    "snapshot_log": """\
import os, sys
setattr(sys, "_autograder_library_snapshot", {})
_log = os.environ.get("AUTOGRADER_RUNTIME_LOG")
if _log:
    try:
        open(_log, "w").close()
    except OSError:
        pass
""",
    # alias a library method the checks might rely on, then replace it
    "alias_library": """\
import numpy as np
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(a, b).shape, dtype=bool)
np.testing.assert_allclose = lambda *args, **kwargs: None
""",
    # talk to the grader's socket directly: claim a pass, then replay a check request with nothing
    "fake_verdict": """\
import json, os, socket, struct
_path = os.environ.get("AUTOGRADER_CHANNEL")
def _msg(header):
    head = json.dumps(header).encode()
    return b"AGW1" + struct.pack("!I", len(head)) + head + struct.pack("!I", 0)
if _path:
    for _header in ({"op": "verdict", "passed": True}, {"ok": {"d": [["value", True]]}}):
        try:
            _s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            _s.connect(_path)
            _s.sendall(_msg(_header))
            _s.close()
        except OSError:
            pass
""",
}
