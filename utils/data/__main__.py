"""``python -m utils.data``: see `utils.data.cli`."""

import sys

from utils.data.cli import main

sys.exit(main())
