"""A student who stopped after the forward pass: mlp_backward, sgd_step and train_mlp left as stubs."""
KIND = "partial"
E2E = True
UNANSWERED = ["solution_mlp_backward", "solution_sgd_step", "solution_train_mlp", "answer_curves_figure",
              "answer_learning_curves"]
# In the real notebook the stubs raise NotImplementedError; graded in process, a stubbed cell loses
# its def line too (NameError), so no message word is required.
FAILS = ["test_mlp_backward", "test_mlp_vectorized", "test_sgd_step", "test_train_mlp", "test_mnist_targets"]
