"""Render: the one Jinja environment and Markdown renderer the website, PDFs and exports share.

`templates` makes the environment (strict, autoescaped, every filter registered once, a
project's `templates/` searched before credgen's own) and renders a specification's content
HTML; `markdown` renders the Markdown in specifications with raw HTML off.
"""
