"""Returns a plain Python function around the trained net instead of the module."""
KIND = "mistake"
FAILS = {
    'test_fit_alternating_n3': 'torch.nn.Module',
    'test_fit_alternating_n4': 'torch.nn.Module',
}
EDITS = {"solution_fit_alternating": [("return model", "return lambda inputs: model(inputs)")]}
