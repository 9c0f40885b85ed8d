"""The command line: ``savingsmodel COMMAND``; each command imports only what it uses."""

from savingsmodel.cli.main import EXIT_BAD_INPUT, EXIT_CLAIMS_MISS, EXIT_CRASH, EXIT_OK, main

__all__ = ["EXIT_BAD_INPUT", "EXIT_CLAIMS_MISS", "EXIT_CRASH", "EXIT_OK", "main"]
