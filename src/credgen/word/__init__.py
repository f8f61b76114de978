"""The Word stage: an editable `.docx` of a specification, and reading one back into YAML."""

from credgen.word.write import write_docx

__all__ = ["write_docx"]
