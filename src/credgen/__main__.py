"""`python -m credgen`."""

from credgen.cli import main

main()
