"""History: what git says about the project (`git`) and each specification's published
versions rebuilt from it (`versions`), for version pages, PDFs, open data and `credgen diff`.
"""
