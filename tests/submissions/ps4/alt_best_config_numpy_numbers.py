"""best_config built with dict() from NumPy numbers and a float batch size (lr 1.5e-3, reg 1, 80 hidden
units, batches of 150): numbers of any numeric type are settings."""
KIND = "alternative"

# %% solution_best_config
best_config = dict(learning_rate=np.float64(1.5e-3), reg=np.float64(1.0), hidden_size=np.int64(80),
                   batch_size=150.0)
