"""hidden_sizes modified in place (insert/append of the input and output sizes)."""
KIND = "mistake"
FAILS = {'test_mlp': 'modified'}
EDITS = {
    "solution_mlp": [
        ("sizes = [in_features, *hidden_sizes, out_features]",
         "sizes = hidden_sizes\n"
         "        sizes.insert(0, in_features)\n"
         "        sizes.append(out_features)"),
    ],
}
