"""The YAML loader: positions, the YAML 1.2 core schema, and hostile input."""

from __future__ import annotations

from pathlib import Path

import pytest

from credgen.load.source import MAX_FILE_BYTES, parse_text, read_source


def test_positions_of_keys_and_values_are_one_based() -> None:
    source = parse_text("title: A\nlist:\n  - x\n  - key: v\n", "f.yaml")
    assert source.keys[("title",)] == (1, 1)
    assert source.values[("title",)] == (1, 8)
    assert source.values[("list", 1)] == (4, 5)
    assert source.keys[("list", 1, "key")] == (4, 5)
    assert source.values[("list", 1, "key")] == (4, 10)


def test_position_of_an_unknown_path_falls_back_to_its_nearest_ancestor() -> None:
    source = parse_text("outer:\n  inner: 1\n", "f.yaml")
    assert source.at(("outer", "inner", "missing")) == (2, 10)
    assert source.at(("nothing",)) == (1, 1)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("no", "no"),
        ("yes", "yes"),
        ("off", "off"),
        ("NO", "NO"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("", None),
        ("42", 42),
        ("0x1f", 31),
        ("1.10", 1.1),
        ("1.0.0", "1.0.0"),
        ("2024-01-01", "2024-01-01"),
        ("'1.10'", "1.10"),
        ('"no"', "no"),
    ],
)
def test_scalars_follow_the_yaml_1_2_core_schema(text: str, value: object) -> None:
    source = parse_text(f"key: {text}\n", "f.yaml")
    assert source.diagnostics == []
    assert source.data == {"key": value}


def test_the_source_text_of_a_number_is_kept_for_messages() -> None:
    source = parse_text("version: 1.10\n", "f.yaml")
    assert source.raw[("version",)] == "1.10"


def test_billion_laughs_is_refused_without_expanding() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 12):
        previous = chr(ord("a") + level - 1)
        current = chr(ord("a") + level)
        refs = ",".join([f"*{previous}"] * 9)
        lines.append(f"{current}: &{current} [{refs}]")
    source = parse_text("\n".join(lines) + "\n", "f.yaml")
    assert [d.code for d in source.diagnostics] == ["CG004"]


def test_deep_flow_nesting_is_refused_before_libyaml_sees_it() -> None:
    # 100,000 "[" crashed libyaml's recursive composer; the pre-scan still refuses them first.
    source = parse_text("key: " + "[" * 100_000 + "\n", "f.yaml")
    assert [(d.code, d.message) for d in source.diagnostics] == [
        ("CG003", "brackets nested deeper than 64 levels")
    ]


def test_deep_block_nesting_is_refused() -> None:
    text = "".join("  " * depth + f"k{depth}:\n" for depth in range(40)) + "  " * 40 + "leaf: 1\n"
    source = parse_text(text, "f.yaml")
    assert [d.code for d in source.diagnostics] == ["CG003"]
    assert "nested deeper than 32 levels" in source.diagnostics[0].message


def test_files_over_the_size_limit_are_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * MAX_FILE_BYTES + b"\n")
    source = read_source(path, "big.yaml")
    assert [d.code for d in source.diagnostics] == ["CG002"]
    assert source.data is None


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfkey: value\n")
    assert read_source(path, "bom.yaml").data == {"key": "value"}


def test_a_missing_file_is_a_diagnostic(tmp_path: Path) -> None:
    source = read_source(tmp_path / "absent.yaml", "absent.yaml")
    assert [d.as_text() for d in source.diagnostics] == [
        "absent.yaml:1:1: error[CG001]: cannot read file: No such file or directory"
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("key: !!binary aGVsbG8=\n", "CG005"),
        ("key: !custom value\n", "CG005"),
        ("key: !!set {a, b}\n", "CG005"),
        ("? [a, b]\n: value\n", "CG008"),
        ("just a string\n", "CG007"),
        ("key: [unclosed\n", "CG003"),
    ],
)
def test_odd_yaml_is_refused_with_a_code(text: str, code: str) -> None:
    assert [d.code for d in parse_text(text, "f.yaml").diagnostics] == [code]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An alias is refused where its anchor is, once a file, wherever it is used (a key too).
        (
            "a: &k v\nb: *k\n",
            ["f.yaml:1:4: error[CG004]: anchors and aliases are not allowed; write the value out"],
        ),
        (
            "a: &k v\n*k : 2\n",
            ["f.yaml:1:4: error[CG004]: anchors and aliases are not allowed; write the value out"],
        ),
        # An alias to no anchor is not YAML at all.
        ("a: *nowhere\n", ["f.yaml:1:4: error[CG003]: invalid YAML: found undefined alias"]),
        (
            "a: 1\n---\nb: 2\n",
            ["f.yaml:2:1: error[CG003]: more than one YAML document; a file holds exactly one"],
        ),
        # A syntax error is reported alone, even after problems earlier in the file.
        (
            "a: 1\na: 2\nb: [x\n",
            [
                "f.yaml:4:1: error[CG003]: invalid YAML: did not find expected ',' or ']'"
                " while parsing a flow sequence that started on line 3"
            ],
        ),
    ],
)
def test_aliases_documents_and_syntax_errors(text: str, expected: list[str]) -> None:
    source = parse_text(text, "f.yaml")
    assert [d.as_text() for d in source.diagnostics] == expected
    if "error[CG003]" in expected[0]:  # nothing from a file that is not valid YAML
        assert source.data is None and source.values == {}
