"""The kitchen-sink specification: its complete, ordered list of diagnostics is pinned."""

from __future__ import annotations

from pathlib import Path

from credgen.diagnostics import Severity
from credgen.validate.check import run_check
from tests.conftest import MakeProject

KITCHEN_SINK = Path(__file__).parent / "data" / "kitchen-sink.yaml"

PROFESSIONS = (
    "nursing, midwifery, paramedicine, pharmacy, physiotherapy, occupational-therapy, dietetics, "
    "diagnostic-radiography, therapeutic-radiography, speech-and-language-therapy, podiatry, "
    "orthoptics, prosthetics-and-orthotics, operating-department-practice, arts-therapies, "
    "osteopathy, healthcare-science, physician-associate, social-work"
)

EXPECTED = [
    (13, 3, "CG102", "unknown field 'budget'"),
    (
        16,
        5,
        "CG105",
        "item 2 of 'professions' is 'medicine': doctors and dentists are not eligible "
        "for advanced practice credentials",
    ),
    (
        17,
        5,
        "CG104",
        f"item 3 of 'professions' must be one of {PROFESSIONS}, not 'physio' (did you mean 'physiotherapy'?)",
    ),
    (19, 17, "CG104", "'academic_level' must be 7, not the number 6"),
    (21, 17, "CG210", "30 credits means 300 notional hours, not 200"),
    (22, 12, "CG501", "no capability maps to pillar 3 (Education) of 'mpf-2017'"),
    (22, 12, "CG501", "no capability maps to pillar 4 (Research) of 'mpf-2017'"),
    (
        29,
        29,
        "CG203",
        "mapping 'mpf-2025:1.6' names framework 'mpf-2025' but the specification maps to 'mpf-2017'",
    ),
    (29, 43, "CG209", "mapping 'mpf-2017:5.1' names no capability of 'mpf-2017' (did you mean '4.1'?)"),
    (29, 57, "CG213", "capability 'A1' maps to 'mpf-2017:1.4' twice"),
    (30, 13, "CG201", "id 'A1' is already used on line 27"),
    (33, 9, "CG101", "missing required field 'title'"),
    (34, 9, "CG102", "unknown field 'titel' (did you mean 'title'?)"),
    (35, 13, "CG205", "capability 'A4' is not developed by any outcome"),
    (
        35,
        13,
        "CG304",
        "capability 'A4' maps to no framework capability "
        "(set 'extends_framework: true' on domain 'A' if that is intended)",
    ),
    (46, 24, "CG204", "outcome 'LO1' maps to unknown capability 'C9'"),
    (47, 9, "CG206", "outcome 'LO2' is not assessed by any assessment method"),
    (51, 3, "CG212", "assessment weightings add up to 60, not 100"),
    (54, 21, "CG207", "assessment 'AS1' names unknown outcome 'LO3' (did you mean 'LO2'?)"),
    (60, 14, "CG211", "'published' (2024-01-01) is before 'created' (2024-03-01)"),
    (62, 16, "CG306", "'superseded_by' names unknown specification 'nowhere'"),
]


def test_kitchen_sink_reports_every_problem_in_order(make_project: MakeProject) -> None:
    root = make_project({"kitchen-sink": KITCHEN_SINK.read_text(encoding="utf-8")})
    result = run_check([root / "specs"])
    path = "specs/credentials/kitchen-sink/credential.yaml"
    assert {d.path for d in result.diagnostics} == {path}
    found = [(d.line, d.column, d.code, d.message) for d in result.diagnostics]
    assert found == EXPECTED
    warnings = [d.code for d in result.diagnostics if d.severity is Severity.WARNING]
    assert warnings == ["CG501", "CG501"]


def test_references_to_parts_dropped_after_schema_errors_are_not_reported_twice(
    make_project: MakeProject,
) -> None:
    # LO1 maps to A3, whose schema errors removed it: no "unknown capability 'A3'" follows.
    root = make_project({"kitchen-sink": KITCHEN_SINK.read_text(encoding="utf-8")})
    messages = [d.message for d in run_check([root / "specs"]).diagnostics]
    assert not any("'A3'" in message for message in messages)
