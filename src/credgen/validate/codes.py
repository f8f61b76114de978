"""Every diagnostic code credgen emits, with the rule it enforces.

The table is the single source for the generated rules page; tests check that every code a
rule yields is listed here.
"""

from __future__ import annotations

RULES: dict[str, str] = {
    # Reading files
    "CG001": "A file must be readable and encoded as UTF-8.",
    "CG002": "A file must not exceed the size limit (1 MiB).",
    "CG003": "A file must be well-formed YAML: no tabs in indentation, no runaway nesting.",
    "CG004": "Anchors, aliases and merge keys are refused (they enable 'billion laughs').",
    "CG005": "Explicit YAML tags such as `!!python/object` are refused.",
    "CG006": "A key may appear only once in a mapping.",
    "CG007": "A file holds one YAML document whose top level is a mapping.",
    "CG008": "Mapping keys are plain words, not lists or mappings.",
    # Schema
    "CG100": "A value must satisfy the schema.",
    "CG101": "Required fields must be present.",
    "CG102": "Unknown fields are refused (with a suggestion for a likely misspelling).",
    "CG103": 'A value must have the right type (quote versions and codes: `"1.0"`).',
    "CG104": "A value must be one of the allowed values or match the required form.",
    "CG105": "Doctors and dentists are not eligible for advanced practice credentials.",
    # Within one specification
    "CG201": "Ids are unique within a specification.",
    "CG202": "A credential's folder name is a valid slug.",
    "CG203": "A capability maps only to the framework edition the specification names.",
    "CG204": "Every outcome maps to capabilities that exist.",
    "CG205": "Every capability is developed by at least one outcome.",
    "CG206": "Every outcome is assessed by at least one assessment method.",
    "CG207": "Assessment methods name outcomes that exist.",
    "CG208": "EPAs name capabilities that exist.",
    "CG209": "Every framework reference names a capability of that framework.",
    "CG210": "Notional hours are ten per credit.",
    "CG211": "Dates are in order: created, then published, then review due.",
    "CG212": "Assessment weightings, where given, add up to 100.",
    "CG213": "A capability maps to each framework capability at most once.",
    # Lifecycle
    "CG301": "From candidate on, the academic level is FHEQ 7.",
    "CG302": "From candidate on, a specification has capabilities and outcomes.",
    "CG303": "From candidate on, a specification has assessment methods.",
    "CG304": "From candidate on, every capability maps to the framework unless its domain extends it.",
    "CG305": "A superseded specification names its replacement in `superseded_by`.",
    "CG306": "`supersedes` and `superseded_by` name specifications that exist.",
    "CG307": "Supersession never forms a cycle.",
    "CG308": "`supersedes` and `superseded_by` agree in both directions.",
    "CG309": "An endorsed or superseded specification has a published date.",
    # Across files
    "CG402": "A framework's id matches its file name.",
    "CG403": "Codes are unique within a framework.",
    "CG404": "A specification maps to a framework that exists in `specs/frameworks/`.",
    "CG405": "Glossary ids are unique and `see_also` names existing terms.",
    "CG406": "Panel logins are unique and terms end after they start.",
    # Coverage (warnings)
    "CG501": "A specification maps to every pillar of its framework (warning).",
    # Endorsement
    "CG601": "A specification is `endorsed` only with a ledger entry for its version and content.",
    "CG602": "An endorsed version's content is frozen: changes need a new version.",
    "CG603": "An endorsement ledger is well-formed and names an existing credential.",
    "CG604": "A ledger entry is bound to history: its merge commit holds the recorded version and hash.",
    "CG605": "A ledger entry's approvals met the panel rules in force at its merge commit.",
    "CG606": "A ledger is append-only: no commit changes or removes an earlier entry.",
    # Delivery: providers, delivery plans and quality reviews
    "CG901": "A provider's UKPRN (UK Provider Reference Number) is exactly 8 digits.",
    "CG902": "A provider's file name is a valid id, and no two providers share a UKPRN.",
    "CG903": "A plan sits under an existing provider and is named after an existing specification.",
    "CG904": "A plan names a version of the specification that exists (in the files or in git history).",
    "CG905": "A plan maps only to capabilities, statements and outcomes of the version it delivers.",
    "CG906": "Every capability is developed by a module outcome, or listed as a justified gap.",
    "CG907": "Every learning outcome is assessed by a module assessment, or listed as a justified gap.",
    "CG908": "A plan's modules carry the specification's credits, at its academic level.",
    "CG909": "Ids are unique within a plan.",
    "CG910": "Quality reviews belong to a plan, are in date order, and their conditions fit the outcome.",
    "CG911": "A plan delivers an endorsed version of a specification.",
    "CG912": "An approval ledger belongs to a plan, and an approved plan is unchanged since (warning).",
    "CG913": "A plan approval is bound to history and met the delivery quorum of the panel at its merge.",
    "CG914": "A plan approval ledger is append-only: no commit changes or removes an earlier entry.",
}
