"""The grader's judge and the kernel's channel (autograder/judge/, autograder/in_kernel/).

Plain data crosses by value and nothing else (no pickle, no eval); a kernel that answers garbage, late
or not at all fails its own check with a clear message; the cell's score follows the verdicts only.
"""

from __future__ import annotations

import math
import socket
import threading
import time

import numpy as np
import pytest
import torch

from autograder import judge
from autograder.in_kernel import serve, wire


def _roundtrip(value):
    enc = wire.Encoder(keep=lambda obj: {"r": 1, "type": type(obj).__name__, "callable": callable(obj)})
    data = enc.encode(value)
    return wire.Decoder(enc.blobs, ref=lambda d: ("ref", d["type"])).decode(data)


def test_plain_values_cross_by_value_exactly():
    value = {
        "floats": [0.1, -0.0, math.inf, -math.inf],
        "ints": (1, -(2**70), True, None),
        "arrays": [np.arange(6, dtype=np.float32).reshape(2, 3), np.array([1, 2], dtype=np.int8),
                   np.float64(2.5), np.zeros((0, 3))],
        "text": "ẞ ✓",
        ("tuple", "key"): {1, 2},
    }
    back = _roundtrip(value)
    assert back["floats"][:1] == [0.1] and math.copysign(1, back["floats"][1]) == -1
    assert back["ints"] == value["ints"] and type(back["ints"]) is tuple
    a = back["arrays"]
    assert a[0].dtype == np.float32 and a[0].shape == (2, 3) and (a[0] == value["arrays"][0]).all()
    assert a[1].dtype == np.int8 and type(a[2]) is np.float64 and a[3].shape == (0, 3)
    assert back[("tuple", "key")] == {1, 2} and back["text"] == "ẞ ✓"
    assert math.isnan(_roundtrip(float("nan")))


def test_tensors_keep_dtype_and_requires_grad():
    t = torch.randn(3, 2, dtype=torch.float32, requires_grad=True)
    back = _roundtrip(t)
    assert back.dtype == torch.float32 and back.requires_grad and torch.equal(back.detach(), t.detach())
    assert _roundtrip(torch.float64) is torch.float64


def test_everything_else_stays_behind_as_a_reference():
    class Anything:
        def __call__(self):
            return 1

    assert _roundtrip(Anything()) == ("ref", "Anything")
    assert _roundtrip(np.array([object()], dtype=object)) == ("ref", "ndarray")  # object arrays never cross


@pytest.mark.parametrize(
    "data",
    [
        {"a": 5, "dtype": "<f8", "shape": [1]},  # no such blob
        {"a": 0, "dtype": "|O", "shape": [1]},  # object dtype
        {"a": 0, "dtype": "<f8", "shape": [3]},  # shape does not match the data
        {"a": 0, "dtype": "<f8", "shape": [-1]},
        {"what": 1},  # unknown tag
        {"f": "not a float"},
        {"dt": "__class__"},
    ],
)
def test_malformed_values_are_refused(data):
    with pytest.raises(wire.WireError):
        wire.Decoder([b"\0" * 8], ref=lambda d: None).decode(data)


def test_deep_nesting_is_refused():
    data: object = 1
    for _ in range(wire.MAX_DEPTH + 5):
        data = {"l": [data]}
    with pytest.raises(wire.WireError):
        wire.Decoder([], ref=lambda d: None).decode(data)


def test_oversized_header_is_refused_before_reading_it():
    a, b = socket.socketpair()
    a.sendall(wire.MAGIC + (wire.MAX_HEADER + 1).to_bytes(4, "big"))
    with pytest.raises(wire.WireError):
        wire.recv_message(b)


# --- a hostile kernel -------------------------------------------------------------------------------


def _grader_facing(kernel_script):
    """Run the ps0 check `double_values` in the judge against a fake kernel scripted by the test."""
    kernel_end, grader_end = socket.socketpair()
    j = judge.Judge(None)
    thread = threading.Thread(target=j._session, args=(grader_end,), daemon=True)
    thread.start()
    session = serve._Session(kernel_end)
    payload, blobs = session.encode({"args": [lambda x: 2 * x], "kwargs": {}})
    request = {"op": "check", "ps": "ps0", "check": "double_values", "value": payload}
    wire.send_message(kernel_end, request, blobs)
    kernel_script(kernel_end)
    kernel_end.close()
    thread.join(timeout=60)
    return j.verdicts


def test_a_garbage_reply_fails_the_check_with_a_clear_message():
    def script(sock):
        wire.recv_message(sock)  # the grader's first call
        wire.send_message(sock, {"ok": {"what": 1}}, [])
        wire.recv_message(sock)  # the verdict

    (verdict,) = _grader_facing(script)
    assert not verdict.passed and "could not be read" in verdict.message


def test_a_forged_pass_is_not_a_verdict():
    def script(sock):
        wire.recv_message(sock)
        wire.send_message(sock, {"op": "verdict", "passed": True}, [])  # a kernel cannot give verdicts
        wire.recv_message(sock)

    (verdict,) = _grader_facing(script)
    assert not verdict.passed


def test_a_kernel_that_never_answers_fails_on_the_time_limit(monkeypatch):
    from autograder.checks import ps0

    monkeypatch.setattr(ps0.double_values, "time_limit", 1.0, raising=False)

    def script(sock):
        wire.recv_message(sock)
        time.sleep(2)  # no answer
        try:
            wire.recv_message(sock)
        except (EOFError, OSError):
            pass

    started = time.monotonic()
    (verdict,) = _grader_facing(script)
    assert not verdict.passed and "longer than" in verdict.message
    assert time.monotonic() - started < 30


def test_loopback_check_passes_and_fails_like_the_hidden_line():
    assert judge.loopback_check("ps0", "double_values", lambda x: 2 * np.asarray(x)) is None
    with pytest.raises(serve.CheckFailure, match="squares x"):
        judge.loopback_check("ps0", "double_values", lambda x: np.asarray(x) ** 2)
    with pytest.raises(serve.CheckFailure, match="not implemented"):
        judge.loopback_check("ps0", "double_values", _stub)


def _stub(x):
    raise NotImplementedError


@pytest.mark.parametrize("ps, check", [("ps0", "no_such_check"), ("ps0", "_private"),
                                       ("ps99", "double_values"), ("../ps0", "double_values")])
def test_an_unknown_problem_set_or_check_is_a_failed_verdict(ps, check):
    with pytest.raises(serve.CheckFailure, match="the grader has no check named"):
        judge.loopback_check(ps, check, lambda x: 2 * np.asarray(x))


# --- the score is the grader's ----------------------------------------------------------------------


HIDDEN = 'autograder.run_check("ps0", "double_values", double)'


def test_cell_failure_follows_the_verdicts_only():
    source = "assert callable(double)\nimport autograder\n" + HIDDEN
    ok = judge.Verdict(4, "ps0", "double_values", passed=True)
    bad = judge.Verdict(4, "ps0", "double_values", passed=False, message="double(x) squares x")
    assert judge.cell_failure(4, source, [ok]) is None
    assert judge.cell_failure(4, source, [bad]) == "double(x) squares x"
    assert "did not run" in judge.cell_failure(4, source, [])
    assert "did not run" in judge.cell_failure(4, source, [judge.Verdict(3, "ps0", "double_values", True)])
    other = judge.Verdict(4, "ps0", "double_inputs", passed=True)  # a pass of another check counts nothing
    assert "did not run" in judge.cell_failure(4, source, [other])
    assert judge.hidden_calls(source) == [("ps0", "double_values")]
