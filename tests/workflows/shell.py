"""Find the `credgen` commands in the shell scripts of workflows and pre-commit hooks.

Good enough for the short `run:` blocks we write: words are split as the shell splits them
(quotes kept together, comments dropped), and a command starts at the beginning of a line,
after an operator (`;`, `&&`, `|`, `$(`, ...) or after a keyword such as `if` or `then`. Text
that merely mentions credgen inside quotes (an `echo` or `printf`) is not a command.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator

_OPERATOR_CHARS = frozenset("();<>|&")
_KEYWORDS = frozenset(
    {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "time"}
)
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


def simple_commands(script: str) -> Iterator[list[str]]:
    """Every simple command in `script`, as its list of words."""
    pending = ""
    for line in script.replace("\\\n", " ").splitlines():
        pending = f"{pending}\n{line}" if pending else line
        try:
            words = _split_words(pending)
        except ValueError:  # a quote opened on this line closes on a later one
            continue
        pending = ""
        yield from _commands(words)
    if pending:
        raise ValueError(f"unclosed quote in shell script: {pending!r}")


def credgen_invocations(script: str) -> list[list[str]]:
    """The arguments of every `credgen` command in `script` (the words after `credgen`)."""
    return [words[1:] for words in simple_commands(script) if words[0].rsplit("/", 1)[-1] == "credgen"]


def _split_words(line: str) -> list[str]:
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    return list(lexer)


def _commands(words: list[str]) -> Iterator[list[str]]:
    command: list[str] = []
    for word in words:
        if set(word) <= _OPERATOR_CHARS:
            if command:
                yield command
            command = []
        elif command or not (word in _KEYWORDS or _ASSIGNMENT.match(word)):
            command.append(word)
    if command:
        yield command
