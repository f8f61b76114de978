"""The website stage: a MkDocs plugin that renders the corpus into a MkDocs Material site.

`plugin` holds the MkDocs events, `pages` renders the generated pages, `state` gathers what they
share, and `search` indexes the result with Pagefind.
"""
