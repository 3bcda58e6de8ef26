"""Every word drawn in a chart stands out 4.5:1 from what lies under it (WCAG 2.1 1.4.3), on every
chart page, as Chromium draws it: axis labels and titles, figures at the end of a bar, and the
figures printed in heatmap cells (on the cell's own colour)."""

from __future__ import annotations

import pytest
from test_accessibility_browser import settle, url

PAGES = ["lagen", "waardecycli", "belanghebbenden", "ontwikkeling", "presenteren?dia=5"]

# Each SVG text of a chart: its colour and opacity, and the fill of the mark under its middle
# (the first painted shape below it in the same SVG), or none (the white background).
TEXTS_JS = r"""() => {
  const out = [];
  for (const svg of document.querySelectorAll('[data-testid="stVegaLiteChart"] svg')) {
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim()) continue;
      const r = t.getBoundingClientRect();
      if (!r.width) continue;
      const s = getComputedStyle(t);
      if (parseFloat(s.opacity) === 0 || parseFloat(s.fillOpacity) === 0) continue;  // a label Vega hid (overlap)
      let under = null;
      for (const e of document.elementsFromPoint(r.x + r.width / 2, r.y + r.height / 2)) {
        if (t.contains(e) || !svg.contains(e) || e.tagName === 'text' || e.tagName === 'tspan' || e.tagName === 'svg') continue;  // a text of two lines is tspans
        const f = getComputedStyle(e);
        if (f.fill && f.fill !== 'none' && !/^rgba\(.*,\s*0\)$/.test(f.fill) && f.fillOpacity !== '0'
            && !(e.closest('.role-axis') || e.closest('.role-legend'))) {
          under = [f.fill, parseFloat(f.fillOpacity) * parseFloat(f.opacity)];
          break;
        }
      }
      out.push({text: t.textContent, fill: s.fill, opacity: parseFloat(s.fillOpacity) * parseFloat(s.opacity), under});
    }
  }
  return out;
}"""


def rgb(css: str) -> tuple[float, float, float]:
    css = css.strip()
    if css.startswith("#"):
        h = css[1:]
        h = "".join(c * 2 for c in h) if len(h) == 3 else h
        return tuple(int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))
    parts = css[css.index("(") + 1 : css.index(")")].split(",")
    return tuple(float(p) / 255 for p in parts[:3])


def over(colour: tuple, alpha: float, background: tuple) -> tuple:
    return tuple(alpha * c + (1 - alpha) * b for c, b in zip(colour, background, strict=True))


def luminance(c: tuple) -> float:
    lin = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: tuple, b: tuple) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_helper_matches_wcag():
    assert contrast((1, 1, 1), (0, 0, 0)) == pytest.approx(21)
    assert contrast(rgb("#767676"), rgb("#ffffff")) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_chart_word_has_contrast(server, page, lang):
    low = []
    seen = {}
    page.set_viewport_size({"width": 1400, "height": 6000})  # elementsFromPoint sees the viewport only
    for path in PAGES:
        page.goto(url(server, path, lang, "community=Logistiek+Hub+Venlo" if path == "ontwikkeling" else ""))
        settle(page)
        texts = page.evaluate(TEXTS_JS)
        seen[path] = len(texts)
        for t in texts:
            white = (1.0, 1.0, 1.0)
            background = over(rgb(t["under"][0]), t["under"][1], white) if t["under"] else white
            ratio = contrast(over(rgb(t["fill"]), t["opacity"], background), background)
            if ratio < 4.5:
                low.append((path, t["text"], t["fill"], t["under"], round(ratio, 2)))
    assert min(seen.values()) >= 10, seen
    assert not low, f"{len(low)} chart words under 4.5:1, e.g. {low[:8]}"
