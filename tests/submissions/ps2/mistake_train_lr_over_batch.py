"""train_mlp divides lr by the batch size once more (the gradients are already means over the batch)."""
KIND = "mistake"
FAILS = {"test_train_mlp": "did not learn", "test_mnist_targets": "learning rate it is given"}
EDITS = {"solution_train_mlp": [("sgd_step(params, mlp_backward(cache, y_train[idx]), lr)",
                                 "sgd_step(params, mlp_backward(cache, y_train[idx]), lr / batch_size)")]}
