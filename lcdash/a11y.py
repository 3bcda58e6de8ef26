"""What every page gets for keyboard and low-vision users that Streamlit's own look does not give
(WCAG 2.1 AA, docs/accessibility.md); ui.page_language puts both on every page. No streamlit here.

- CSS: a caption at 7:1 instead of 3.7:1; a focus ring (2px, the theme's blue, 7:1 on white) on
  whatever the keyboard focuses. Streamlit draws none on the sidebar's page links and only a 1px
  border colour change on a select box or text field (WCAG 2.4.7), so the ring goes on the
  field's box there, not on the small input inside it. A chart's toolbar (Streamlit's fullscreen,
  PNG and spec buttons) shows while one of its buttons has the focus: it stayed invisible (opacity 0)
  while the keyboard went through its four buttons. A chart's last turned label may reach a few
  pixels past the chart's box: it is drawn there, not cut (overflow visible). SR_ONLY: text for a
  screen reader alone (a chart's summary, ui.text_alternative), taking no room, not even the gap
  between elements (its element's box is out of the flow).
- SCRIPT: a popover's content comes right after its button in the Tab order. Streamlit renders
  an open popover at the end of the page, so Tab from its button went on to the next chart and
  reached the download buttons inside only after the whole page (WCAG 2.4.3 focus order); the
  script moves the focus in on Tab, back to the button on Shift+Tab from its first item, and on
  to what follows the button after its last item. And a download button, disabled while its file
  is made, gets the focus back afterwards (it fell to the top of the page).
"""

FOCUS = "#005A8C"  # .streamlit/config.toml's primaryColor
SR_ONLY = "lc-sr"  # text for a screen reader only (a chart's summary): no room on the page, not even a gap

CSS = f"""<style>
[data-testid="stCaptionContainer"] {{ opacity: 0.8 !important; }}
:focus-visible {{ outline: 2px solid {FOCUS} !important; outline-offset: 2px !important; }}
[data-testid="stMain"]:focus-visible {{ outline-offset: -2px !important; }}
[data-baseweb="select"] input:focus-visible, [data-baseweb="input"] input:focus-visible,
[data-baseweb="textarea"] textarea:focus-visible, [data-baseweb="base-input"] input:focus-visible {{
  outline: none !important;
}}
[data-testid="stElementToolbar"]:focus-within {{ opacity: 1 !important; }}
[data-testid="stVegaLiteChart"] svg {{ overflow: visible; }}
.{SR_ONLY}, [data-testid="stElementContainer"]:has(.{SR_ONLY}) {{
  position: absolute !important; width: 1px !important; height: 1px !important; margin: -1px !important;
  padding: 0 !important; overflow: hidden !important; clip-path: inset(50%) !important; white-space: nowrap !important;
}}
[data-baseweb="select"]:focus-within > div, [data-baseweb="input"]:focus-within,
[data-baseweb="textarea"]:focus-within {{ outline: 2px solid {FOCUS} !important; outline-offset: 1px !important; }}
</style>"""

# Installed once per page (the guard), whatever the reruns; plain DOM, Streamlit's test ids only.
SCRIPT = """<script>
if (!window.lcPopoverFocus) {
  window.lcPopoverFocus = true;
  const TABBABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), '
    + 'select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
  const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const inside = (body) => [...body.querySelectorAll(TABBABLE)].filter(shown);
  const openBody = () => [...document.querySelectorAll('[data-testid="stPopoverBody"]')].find(shown);
  const page = () => [...document.querySelectorAll(TABBABLE)]
    .filter((e) => shown(e) && !e.closest('[data-testid="stPopoverBody"]') && e.tabIndex >= 0);
  // the open popover's button (found anew each time: a rerun may have drawn it again)
  const opener = () => [...document.querySelectorAll('[aria-expanded="true"]')]
    .find((e) => e.closest('[data-testid="stPopoverButton"]'));
  document.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Tab' || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const here = document.activeElement;
    const body = openBody();
    const trigger = opener();
    if (!body || !trigger) return;
    const items = inside(body);
    if (!items.length) return;
    if (here === trigger && !ev.shiftKey) { ev.preventDefault(); items[0].focus(); return; }
    if (!body.contains(here)) return;
    if (ev.shiftKey && here === items[0]) { ev.preventDefault(); trigger.focus(); return; }
    if (!ev.shiftKey && here === items[items.length - 1]) {
      const order = page(); const next = order[order.indexOf(trigger) + 1] || order[0];  // or round again
      if (next) { ev.preventDefault(); next.focus(); }
    }
  }, true);
  // A download button is disabled while its file is made, and a disabled button drops the focus to
  // the top of the page: it gets the focus back when it is enabled again (if nothing else took it).
  document.addEventListener('focusout', (ev) => {
    const button = ev.target;
    if (ev.relatedTarget || !button.closest || !button.closest('[data-testid="stDownloadButton"]')) return;
    let tries = 0;
    const back = () => {
      const idle = document.activeElement === document.body || !document.activeElement;
      if (!idle || !button.isConnected || tries++ > 600) return;
      if (button.disabled) { setTimeout(back, 100); return; }
      button.focus();
    };
    setTimeout(back, 50);
  }, true);
}
</script>"""


# ---------------------------------------------------------------- charts at 200 % zoom

TITLE_LINE = 56  # characters: a 16px bold title line of 56 fits the 608px column of a 1280px screen at 200 %
# A category label longer than 38 characters in two lines, broken at its last space before the 38th.
_CUT = "lastindexof(slice(datum.label, 0, 38), ' ')"
WRAP = f"length(datum.label) > 38 && {_CUT} > 0 ? [slice(datum.label, 0, {_CUT}), slice(datum.label, {_CUT} + 1)] : datum.label"
NARROW = 760  # px: a chart this narrow puts a legend from its right side under it
LEGEND_COLUMN = 150  # px of plot width per column of a legend under the chart, at most 4 columns
NESTED = ("layer", "vconcat", "hconcat", "concat")
CHANNELS = ("color", "fill", "stroke", "shape", "size", "opacity", "strokeDash")


def lines(text: str, limit: int = TITLE_LINE) -> str | list[str]:
    """TEXT as it is when it fits one line of LIMIT characters, else broken between words into lines."""
    if len(text) <= limit:
        return text
    out, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > limit:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*out, line] if line else out


def _title(title):
    if isinstance(title, str):
        return lines(title)
    if isinstance(title, dict) and isinstance(title.get("text"), str):
        out = {**title, "text": lines(title["text"])}
        if isinstance(title.get("subtitle"), str):
            out["subtitle"] = lines(title["subtitle"], TITLE_LINE + 20)  # 12px: more characters per line
        return out
    return title


def reflow(spec: dict, orient: str | None = None, rows: list[dict] | None = None) -> dict:
    """SPEC for a narrow column (200 % zoom, WCAG 1.4.4 and 1.4.10): a long title in lines, a
    legend under the chart in as many columns as the plot's width holds (up to 4), and category
    labels along x that turn when they do not fit (`_turn_labels`). Vega does not
    wrap a title, and lays a legend's 4 columns out whatever the width: at 640px both ran past
    the chart's edge, where the chart is cut. A new dict; SPEC's data shared, SPEC unchanged."""
    spec = dict(spec)
    if orient is None:  # where the config puts legends (present mode: on the right, in one column)
        orient = ((spec.get("config") or {}).get("legend") or {}).get("orient", "bottom")
    if rows is None or "data" in spec:  # the labels the axes will show
        from lcdash.alttext import _rows

        rows = _rows(spec) or rows or []
    for key in NESTED:
        if isinstance(spec.get(key), list):
            spec[key] = [reflow(part, orient, rows) if isinstance(part, dict) else part for part in spec[key]]
    if isinstance(spec.get("spec"), dict):
        spec["spec"] = reflow(spec["spec"], orient, rows)
    if "title" in spec:
        spec["title"] = _title(spec["title"])
    encoding = spec.get("encoding")
    if isinstance(encoding, dict):
        encoding = dict(encoding)
        for channel in CHANNELS:
            enc = encoding.get(channel)
            if not isinstance(enc, dict) or enc.get("legend", {}) is None or "field" not in enc:
                continue
            legend = dict(enc.get("legend") or {})
            if legend.get("orient", orient) == "right":  # under the chart when the column is narrow
                narrow = f"containerSize()[0] < {NARROW}"
                legend["orient"] = {"expr": f"{narrow} ? 'bottom' : 'right'"}
                legend["direction"] = {"expr": f"{narrow} ? 'horizontal' : 'vertical'"}
                encoding[channel] = {**enc, "legend": legend}
                continue
            columns = legend.get("columns", 4)
            if legend.get("orient", orient) == "bottom" and isinstance(columns, int):  # at most as many as it asked
                legend["columns"] = {"expr": f"min({columns}, max(1, floor(width / {LEGEND_COLUMN})))"}
                encoding[channel] = {**enc, "legend": legend}
        y = encoding.get("y")
        if isinstance(y, dict) and y.get("type") in ("nominal", "ordinal") and y.get("axis", {}) is not None:
            axis = dict(y.get("axis") or {})
            if "labelExpr" not in axis:  # a long name in two lines, not cut with "…" at the label limit
                axis["labelExpr"] = WRAP
                encoding["y"] = {**y, "axis": axis}
        x = encoding.get("x")
        if isinstance(x, dict) and x.get("type") in ("nominal", "ordinal") and x.get("field"):
            if x.get("axis", {}) is not None:
                encoding["x"] = {**x, "axis": _turn_labels(dict(x.get("axis") or {}), rows, x["field"])}
        spec["encoding"] = encoding
    return spec


def _longest(rows: list[dict], field: str, words: bool) -> int:
    """The most characters a label of FIELD has (in one word when the axis puts each word on a line)."""
    most = 0
    for row in rows:
        text = str(row.get(field) or "")
        most = max(most, max((len(w) for w in text.split()), default=0) if words else len(text))
    return most


def _turn_labels(axis: dict, rows: list[dict], field: str) -> dict:
    """AXIS whose labels turn when a category's room along the axis is narrower than its longest
    label (7px a character at 12px type): just enough for 18px between neighbours, never less
    than the angle it had. They overlapped, or Vega dropped every other one (labelOverlap), so a
    bar had no name at 640px."""
    angle = axis.get("labelAngle", 0)
    if not isinstance(angle, int | float):
        return axis
    words = "split(" in str(axis.get("labelExpr", ""))
    need = 7 * _longest(rows, field, words) + 8
    step = "(span(range('x')) / max(1, length(domain('x'))))"
    turn = f"({step} >= {need} ? 0 : asin(min(1, 18 / max(1, {step}))) * 180 / PI)"
    return {**axis, "labelAngle": {"expr": f"-max({abs(angle)}, {turn})"}, "labelOverlap": False}
