"""A project of one organisation: its configuration (`credgen.toml`), and `credgen init`,
which starts a new project from the files this package carries and refreshes them later."""
