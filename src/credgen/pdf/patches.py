"""Three changes to how WeasyPrint 70 lays out and draws text: the same PDFs for less work.

They change the route WeasyPrint takes, never what it draws: the example corpus and 100
synthetic specifications render to byte-identical PDFs with and without them, and
`tests/pdf/test_patches.py` keeps checking that. Together they save 9.5% of the instructions
of an example PDF (valgrind, acute-medicine: 4,384 M -> 3,969 M); the share given for each
below is what it saves after the ones above it.

1. **Each line's Pango layout is kept from layout to drawing** (`_keep_layouts`, 5.3%).
   WeasyPrint frees a line's layout once it has measured the line, and builds it again to draw
   it: a new Pango context, font description and layout, and the line shaped again, because
   drawing puts the layout in single-paragraph mode, which discards its lines. Here a layout is
   in single-paragraph mode from the start whenever its text holds no paragraph separator
   (where the mode changes nothing), and drawing uses the layout as it was measured. The
   layouts live as long as their boxes: 2 MB more at the peak for the largest example.
2. **Layouts share their Pango context and font description** (`_share_contexts`, 1.6%):
   WeasyPrint makes both afresh for every layout, some 1,200 per page, from the few
   combinations of font, direction and language a document uses.
3. **`target-counter(attr(href), page)` is resolved through its target** (`_resolve_targets`,
   2.7%). WeasyPrint files the page numbers a box waits for under the anchor named in its
   `content`; for an `attr()` there is no name, only `None`, so the target's page never
   reaches the box. The contents page still got its numbers, by accident: a reused variable
   makes the box also wait for its *own* page number, which changes when the page count is
   known, so WeasyPrint laid the contents page out three times. Filed under the real anchors,
   and without the stray wait, the page is laid out twice: once, then again with the numbers.

`apply` makes the changes, once per process, for WeasyPrint 70 only: they replace its internal
functions, which another release may rename or rewrite (pyproject.toml keeps credgen on 70).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import weasyprint  # type: ignore[import-untyped]
from weasyprint.css import targets  # type: ignore[import-untyped]
from weasyprint.text import line_break  # type: ignore[import-untyped]
from weasyprint.text.constants import LST_TO_ISO, PANGO_DIRECTION  # type: ignore[import-untyped]
from weasyprint.text.ffi import FROM_UNITS, ffi, gobject, pango, unicode_to_char_p  # type: ignore[import-untyped]
from weasyprint.text.fonts import font_features, get_font_description  # type: ignore[import-untyped]
from weasyprint.urls import get_url_tuple  # type: ignore[import-untyped]

#: The WeasyPrint release whose internals these changes were written for.
WEASYPRINT_MAJOR = "70"

#: What Pango takes for the end of a paragraph (and the line separator, to be safe): in a text
#: without any, single-paragraph mode lays out exactly the same lines.
_PARAGRAPH_SEPARATORS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")

#: WeasyPrint's own functions, as they were before `apply`, by the object and name they live at.
_ORIGINALS: dict[tuple[object, str], Any] = {}


def apply() -> bool:
    """Make the three changes, if WeasyPrint is release 70; say whether they are in place."""
    if weasyprint.__version__.split(".")[0] != WEASYPRINT_MAJOR:
        return False
    if not _ORIGINALS:
        _keep_layouts()
        _share_contexts()
        _resolve_targets()
    return True


def undo() -> None:
    """Give WeasyPrint its own functions back (for tests that compare the two)."""
    for (owner, name), original in _ORIGINALS.items():
        setattr(owner, name, original)
    _ORIGINALS.clear()


def _replace(owner: object, name: str, replacement: Callable[..., Any]) -> None:
    """Put `replacement` at `owner.name`, keeping what was there for `undo`."""
    _ORIGINALS[(owner, name)] = getattr(owner, name)
    setattr(owner, name, replacement)


# 1. Layouts kept for drawing --------------------------------------------------------------------


def _keep_layouts() -> None:
    layout_class = line_break.Layout
    set_text = layout_class.set_text
    reactivate = layout_class.reactivate

    def set_text_in_one_paragraph(self: Any, text: str, justify: bool = False) -> None:
        set_text(self, text, justify)
        single = _PARAGRAPH_SEPARATORS.search(self.text) is None
        pango.pango_layout_set_single_paragraph_mode(self.layout, single)

    def keep(self: Any) -> None:
        """Instead of freeing the layout: it is drawn as it is."""

    def reactivate_unless_kept(self: Any, style: Any) -> None:
        # A layout stretched for justified text, or drawn in another style, is built afresh.
        if style is not self.style or self.justification_spacing or not hasattr(self, "layout"):
            reactivate(self, style)

    _replace(layout_class, "set_text", set_text_in_one_paragraph)
    _replace(layout_class, "deactivate", keep)
    _replace(layout_class, "reactivate", reactivate_unless_kept)


# 2. Shared Pango contexts and font descriptions ---------------------------------------------------


def _share_contexts() -> None:
    def setup(self: Any, style: Any) -> None:
        """WeasyPrint 70's `Layout.setup`, with the context and font description shared."""
        self.style = style
        self.first_line_direction = 0
        self.language, context = _context(style)
        description = _font_description(style)
        self.layout = ffi.gc(pango.pango_layout_new(context), gobject.g_object_unref)
        pango.pango_layout_set_auto_dir(self.layout, False)
        pango.pango_layout_set_font_description(self.layout, description)
        _set_decoration_metrics(self, style, context, description)
        _set_font_features(self, style)

    _replace(line_break.Layout, "setup", setup)


def _shared(style: Any) -> dict[tuple[Any, ...], Any]:
    """What layouts share, kept on `style`'s font configuration: it lives as long as that."""
    shared: dict[tuple[Any, ...], Any] = vars(style.font_config).setdefault("credgen_shared", {})
    return shared


def _context(style: Any) -> tuple[Any, Any]:
    """The language and Pango context for `style`'s direction and language."""
    override = style["font_language_override"]
    lang = LST_TO_ISO.get(override.lower(), override) if override != "normal" else style["lang"] or None
    shared, key = _shared(style), ("context", style["direction"], lang)
    if key not in shared:
        context = ffi.gc(
            pango.pango_font_map_create_context(style.font_config.font_map), gobject.g_object_unref
        )
        pango.pango_context_set_round_glyph_positions(context, False)
        pango.pango_context_set_base_dir(context, PANGO_DIRECTION[style["direction"]])
        if lang:
            language = pango.pango_language_from_string(unicode_to_char_p(lang)[0])
            pango.pango_context_set_language(context, language)
        else:
            language = pango.pango_language_get_default()
        shared[key] = (language, context)
    language_and_context: tuple[Any, Any] = shared[key]
    return language_and_context


def _font_description(style: Any) -> Any:
    """The Pango font description of `style` (the properties `get_font_description` reads)."""
    key = (
        "font",
        tuple(style["font_family"]),
        style["font_style"],
        style["font_stretch"],
        style["font_weight"],
        style["font_size"],
        style["font_variant_caps"],
        repr(style["font_variation_settings"]),
    )
    shared = _shared(style)
    if key not in shared:
        shared[key] = get_font_description(style)
    return shared[key]


_DECORATION_METRICS = (
    "ascent",
    "underline_position",
    "strikethrough_position",
    "underline_thickness",
    "strikethrough_thickness",
)


def _set_decoration_metrics(layout: Any, style: Any, context: Any, description: Any) -> None:
    """The underline and strike-through metrics, as WeasyPrint's `setup` sets them."""
    layout.ascent = layout.underline_position = layout.strikethrough_position = None
    if style["text_decoration_line"] == "none":
        return
    metrics = ffi.gc(
        pango.pango_context_get_metrics(context, description, layout.language), pango.pango_font_metrics_unref
    )
    for name in _DECORATION_METRICS:
        setattr(layout, name, FROM_UNITS * getattr(pango, f"pango_font_metrics_get_{name}")(metrics))


def _set_font_features(layout: Any, style: Any) -> None:
    """The OpenType features of `style` on the layout, as WeasyPrint's `setup` sets them."""
    features = font_features(
        style["font_kerning"],
        style["font_variant_ligatures"],
        style["font_variant_position"],
        style["font_variant_caps"],
        style["font_variant_numeric"],
        style["font_variant_alternates"],
        style["font_variant_east_asian"],
        style["font_feature_settings"],
    )
    if not features:
        return
    key = ",".join(f"{name} {value}" for name, value in features.items()).encode()
    cache = style.font_config.font_features
    if key not in cache:
        cache[key] = pango.pango_attr_font_features_new(key)
    attributes = pango.pango_attr_list_new()
    pango.pango_attr_list_insert(attributes, cache[key])
    pango.pango_layout_set_attributes(layout.layout, attributes)


# 3. target-counter(attr(...)) resolved through its target -----------------------------------------


def _resolve_targets() -> None:
    collect = targets.TargetCollector.collect_missing_counters

    def collect_by_anchor(  # noqa: PLR0917 (WeasyPrint's signature)
        self: Any,
        parent_box: Any,
        css_token: str,
        parse_again: Callable[..., Any],
        missing_counters: list[str],
        missing_target_counters: dict[str | None, list[str]],
    ) -> None:
        if self.collecting and missing_target_counters and not _uses_own_counters(parent_box):
            if any(missing_counters is wanted for wanted in missing_target_counters.values()):
                missing_counters = []  # the box waits for no counter of its own page
            if None in missing_target_counters:
                wanted = missing_target_counters.pop(None)
                for anchor in _attr_anchors(parent_box):
                    missing_target_counters.setdefault(anchor, list(wanted))
        collect(self, parent_box, css_token, parse_again, missing_counters, missing_target_counters)

    _replace(targets.TargetCollector, "collect_missing_counters", collect_by_anchor)


def _content(box: Any) -> list[tuple[str, Any]]:
    content = box.style["content"]
    return list(content) if isinstance(content, (list, tuple)) else []


def _uses_own_counters(box: Any) -> bool:
    """Whether `box`'s content shows counters of its own (where the stray wait may be meant)."""
    return any(kind in ("counter()", "counters()") for kind, _ in _content(box))


def _attr_anchors(box: Any) -> list[str]:
    """The anchors that `box`'s `target-counter(attr(...))` functions point to."""
    anchors = []
    for kind, value in _content(box):
        if kind not in ("target-counter()", "target-counters()") or value[0][0] != "attr()":
            continue
        token = value[0]
        name, kind_of_value, fallback = token[1]
        attribute = box.element.get(name, fallback)
        if kind_of_value == "string":
            token = ("string", attribute)
        else:
            token = ("url", get_url_tuple(attribute, box.style.base_url))
        anchor = targets.anchor_name_from_token(token)
        if anchor is not None:
            anchors.append(anchor)
    return anchors
