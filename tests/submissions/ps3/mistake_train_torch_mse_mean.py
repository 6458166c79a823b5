"""MSELoss with the default mean reduction (times ½)."""
KIND = "mistake"
FAILS = {'test_train_torch': 'averages'}
EDITS = {"solution_train_torch": [('loss_fn = nn.MSELoss(reduction="sum")', "loss_fn = nn.MSELoss()")]}
