"""utils.personal: each student's own numbers for problem set 1 §1."""

from __future__ import annotations

import numpy as np
import pytest

from utils.personal import network_for


def test_deterministic_shapes_and_short_decimals():
    net = network_for("jdoe")
    again = network_for("  jdoe ")
    shapes = {"W1": (2, 2), "b1": (2,), "W2": (1, 2), "b2": (1,), "x0": (2,)}
    for key, shape in shapes.items():
        assert net[key].shape == shape
        assert net[key].dtype == np.float64
        np.testing.assert_array_equal(net[key], again[key])
        np.testing.assert_allclose(net[key], np.round(net[key], 2), atol=1e-12)
        assert np.all(np.abs(net[key]) >= 0.05)
    assert isinstance(net["y"], float) and 0.01 <= net["y"] <= 0.99 and net["y"] == again["y"]


def test_different_ids_get_different_numbers():
    nets = [network_for(f"student{i}") for i in range(20)]
    assert len({tuple(n["W1"].ravel()) + tuple(n["x0"]) for n in nets}) == 20


@pytest.mark.parametrize("bad", ["", "   "])
def test_empty_id_is_an_error(bad):
    with pytest.raises(ValueError, match="STUDENT_ID is empty"):
        network_for(bad)


def test_non_string_id_is_an_error():
    with pytest.raises(TypeError, match="string"):
        network_for(1234)
