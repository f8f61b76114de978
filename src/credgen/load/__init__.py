"""Gather: read a project's YAML files into models that remember where every value came from.

`source` reads a file (regular files inside the project only) and composes its YAML keeping
each node's line and column; `documents` validates the data against the models and collects
the corpus; `explain` turns model errors into diagnostics at those positions; `recover`
finds the models' values in a file that failed, so later rules can still run.
"""
