"""What every chart of sdgkg shares: the Japanese font, and the settings that make a chart's
bytes the same on every run (figures of ``sdgkg analyze``, KPI progress charts).

Japanese labels need a font with Japanese glyphs. The first installed font of
:data:`JAPANESE_FONTS` is used (Debian: ``fonts-noto-cjk``).
"""

from __future__ import annotations

from functools import lru_cache

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager

JAPANESE_FONTS = (
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "IPAexGothic",
    "IPAGothic",
    "TakaoGothic",
    "Source Han Sans JP",
    "VL Gothic",
)
#: Salt of the ids in SVG output (clip paths, glyphs): fixed, so a chart gives the same bytes.
SVG_HASHSALT = "sdgkg"


@lru_cache(maxsize=1)
def japanese_font() -> str | None:
    """The first installed font family with Japanese glyphs, or None."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in JAPANESE_FONTS:
        if name in installed:
            return name
    return None


def font_family() -> list[str]:
    """Latin glyphs from DejaVu Sans, Japanese ones from :func:`japanese_font` when installed."""
    family = ["DejaVu Sans"]
    font = japanese_font()
    if font:
        family.append(font)
    return family
