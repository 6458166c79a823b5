"""Only the first hidden size is used."""
KIND = "mistake"
FAILS = {'test_mlp': 'Linear layers'}
EDITS = {
    "solution_mlp": [
        ("sizes = [in_features, *hidden_sizes, out_features]",
         "sizes = [in_features, *hidden_sizes[:1], out_features]"),
    ],
}
