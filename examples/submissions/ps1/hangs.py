# ruff: noqa
"""Correct answers, but a cell of the student's own loops forever (a training loop that never stops)."""
KIND = "partial"
IN_PROCESS = False


def mutate(nb):
    import nbformat

    cells = nb["cells"]
    first = next(i for i, c in enumerate(cells)
                 if c.get("metadata", {}).get("nbgrader", {}).get("solution") and c["cell_type"] == "code")
    loop = ("# my own experiment: train until the loss is exactly zero\n"
            "my_loss = 1.0\nwhile my_loss > 0:\n    my_loss = abs(my_loss) * 0.5 + 1e-3\n")
    cells.insert(first + 1, nbformat.v4.new_code_cell(loop))
    return nb
