"""Authoring: the commands that help authors and maintainers rather than build the site:
`credgen new` (`scaffold`) and `credgen review-due` (`review_due`).
"""
