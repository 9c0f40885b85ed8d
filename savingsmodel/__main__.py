"""``python -m savingsmodel``: the same command line as the ``savingsmodel`` console script."""

import sys

from savingsmodel.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
