"""mlp_forward defaults to activation='relu'."""
KIND = "mistake"
FAILS = {'test_mlp_forward': 'default'}
EDITS = {
    "solution_mlp_forward": [
        ('def mlp_forward(X, params, activation="sigmoid"):',
         'def mlp_forward(X, params, activation="relu"):'),
    ],
}
