"""Validate: the cross-field and cross-file rules over a loaded corpus, and `credgen check`.

`rules` composes the rules (small generators of diagnostics, each with a stable code listed in
`codes`); `check` runs loading and validation over the paths given on the command line.
"""
