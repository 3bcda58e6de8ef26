"""The config's chart colours stay apart for the common colour-vision deficiencies (WCAG 1.4.1 help).

Each dimension's colours (cycles, levels, stakeholder types, capitals) are passed through the
simulation of Machado, Oliveira & Fernandes (2009, severity 1: protanopia, deuteranopia,
tritanopia; matrices on linear sRGB), then compared pairwise in CIELAB. Every pair must stay at
least MIN_DELTA_E apart (ΔE*ab 10: two colours a reader tells apart at a glance). Measured when
written (docs/accessibility.md): the closest pair is expected × applied value for deuteranopia
at 11.9; the levels 16.1 (tritanopia), stakeholder types 15.6, capitals 15.6.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

MIN_DELTA_E = 10.0
MACHADO = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}
XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
WHITE = np.array([0.95047, 1.0, 1.08883])


def linear(hex_colour: str) -> np.ndarray:
    h = hex_colour.lstrip("#")
    c = np.array([int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(rgb_linear: np.ndarray) -> np.ndarray:
    xyz = XYZ @ np.clip(rgb_linear, 0, 1) / WHITE
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen(hex_colour: str, vision: str) -> np.ndarray:
    rgb = linear(hex_colour)
    return lab(rgb if vision == "normal" else np.array(MACHADO[vision]) @ rgb)


def closest(colours: dict[str, str], vision: str) -> tuple[float, str, str]:
    labs = {k: seen(c, vision) for k, c in colours.items()}
    return min((float(np.linalg.norm(labs[a] - labs[b])), a, b) for a, b in itertools.combinations(labs, 2))


def test_simulation_is_sane():
    assert np.linalg.norm(seen("#ff0000", "normal") - np.array([53.24, 80.09, 67.20])) < 0.5  # sRGB red in Lab
    # red and green, apart for normal vision, collapse for deuteranopia
    assert closest({"r": "#d62728", "g": "#2ca02c"}, "normal")[0] > 60
    assert closest({"r": "#d62728", "g": "#2ca02c"}, "deuteranopia")[0] < 25
    for m in MACHADO.values():  # white stays white
        assert np.allclose(np.array(m) @ np.ones(3), 1, atol=0.01)


@pytest.mark.parametrize("vision", ["normal", *MACHADO])
@pytest.mark.parametrize("dim", ["value_cycle", "level", "stakeholder_type", "capital"])
def test_palette_stays_apart(config, dim, vision):
    keys, colours = config.colours(dim)
    distance, a, b = closest(dict(zip(keys, colours, strict=True)), vision)
    assert distance >= MIN_DELTA_E, f"{dim}: {a} and {b} are {distance:.1f} apart for {vision}"
