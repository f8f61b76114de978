"""Endorsement through pull-request approvals, recorded in an append-only ledger.

`ledger` (the record and its models), `canonical` (what the record's hash covers), `github`
(reading a pull request and its reviews), `decide` (whether approvals make an endorsement),
`findings` (findings per endorsement criterion, from review bodies), `pulls` (`endorse check`
and `endorse record`), `verify` (proving the record from git history), with `proof` (merge of
the reviewed commit, times, signature), `signatures` (GnuPG against the trusted keys),
`governance` (who may endorse, changed only by recorded approval), `chain` (the hash chain and
kept heads) and `publish` (`api/v1/endorsements.json`); `rules` (what `credgen check` enforces)
and `codeowners` (CODEOWNERS from the panel).
"""
