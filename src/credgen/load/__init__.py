"""Gather: read a project's YAML files into models that remember where every value came from.

`files` is the one safe read of a project file (regular, inside the project, no links, size
bounded while reading); `text` refuses control and direction characters and huge numbers;
`source` reads a file through `files` and composes its YAML keeping each node's line and
column; `documents` validates the data against the models and collects the corpus; `explain`
turns model errors into diagnostics at those positions; `recover` finds the models' values in
a file that failed, so later rules can still run.
"""
