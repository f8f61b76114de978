"""Endorsement through pull-request approvals, recorded in an append-only ledger.

`ledger` (the record and its models), `canonical` (what the record's hash covers), `github`
(reading a pull request and its reviews), `decide` (whether approvals make an endorsement),
`verify` (proving the record from git history) and `rules` (what `credgen check` enforces).
"""
