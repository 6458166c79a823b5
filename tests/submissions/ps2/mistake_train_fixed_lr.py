"""train_mlp steps with a fixed learning rate of 0.1 copied from an example, whatever lr it is given."""
KIND = "mistake"
FAILS = {"test_train_mlp": "did not learn", "test_mnist_targets": "learning rate it is given"}
EDITS = {"solution_train_mlp": [("sgd_step(params, mlp_backward(cache, y_train[idx]), lr)",
                                 "sgd_step(params, mlp_backward(cache, y_train[idx]), 0.1)")]}
