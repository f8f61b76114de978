"""`python -m credgen`."""

from credgen.cli import run

run()
