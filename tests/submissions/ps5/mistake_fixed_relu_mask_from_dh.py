"""impl2's bug kept: the ReLU mask taken from the upstream gradient."""
KIND = "mistake"
FAILS = {
    'test_fixed_backward': 'ReLU',
}
EDITS = {"solution_fixed_backward": [("dz1 = dh * (z1 > 0)", "dz1 = dh * (dh > 0)")]}
