"""What every chart of sdgkg shares: the Japanese font, and the settings that make a chart's
bytes the same on every run (figures of ``sdgkg analyze``, KPI progress charts).

Japanese labels need a font with Japanese glyphs (Debian/Ubuntu: ``fonts-noto-cjk``). Matplotlib
keeps a cache of the fonts it has seen, and a cache written before the fonts were installed hides
them; so the Noto CJK files found in the usual places are registered explicitly
(:func:`register_japanese_fonts`) before the first of :data:`JAPANESE_FONTS` is picked. Without
any, charts fall back to English labels and :class:`MissingJapaneseFontWarning` says so.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path

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
#: Folders where operating systems and package managers put the Noto CJK fonts.
CJK_FONT_DIRS = (
    Path("/usr/share/fonts/opentype/noto"),  # Debian, Ubuntu: fonts-noto-cjk
    Path("/usr/share/fonts/noto-cjk"),  # Fedora, Arch
    Path("/usr/share/fonts/google-noto-cjk"),  # Fedora (older)
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
    Path("/opt/homebrew/share/fonts"),
    Path("/Library/Fonts"),
    Path.home() / "Library/Fonts",
)
#: File names of the sans-serif Noto CJK fonts (collections and single-language files).
CJK_FONT_PATTERNS = ("NotoSansCJK*.tt[cf]", "NotoSansCJK*.otf", "NotoSansJP*.[ot]tf")
#: Salt of the ids in SVG output (clip paths, glyphs): fixed, so a chart gives the same bytes.
SVG_HASHSALT = "sdgkg"


class MissingJapaneseFontWarning(UserWarning):
    """No font with Japanese glyphs: charts are drawn with English labels only."""


def cjk_font_files(folders: tuple[Path, ...] | None = None) -> list[Path]:
    """Noto CJK sans-serif font files under ``folders`` (default :data:`CJK_FONT_DIRS`)."""
    found: set[Path] = set()
    for folder in CJK_FONT_DIRS if folders is None else folders:
        if not folder.is_dir():
            continue
        for pattern in CJK_FONT_PATTERNS:
            found.update(p for p in folder.rglob(pattern) if p.is_file())
    return sorted(found)


def register_japanese_fonts(files: list[Path] | None = None) -> list[Path]:
    """Add the Noto CJK font files to matplotlib's font list; return the files added.

    Matplotlib's font cache may predate ``fonts-noto-cjk``; adding the files by path makes the
    fonts usable whatever the cache says.
    """
    added = []
    known = {Path(f.fname) for f in font_manager.fontManager.ttflist}
    for path in cjk_font_files() if files is None else files:
        if path in known:
            continue
        try:
            font_manager.fontManager.addfont(str(path))
        except (OSError, RuntimeError, ValueError) as exc:  # unreadable file: say which
            warnings.warn(f"{path}: cannot load font ({exc})", MissingJapaneseFontWarning, 2)
            continue
        added.append(path)
    return added


@lru_cache(maxsize=1)
def japanese_font() -> str | None:
    """The first installed font family with Japanese glyphs, or None (with a warning)."""
    register_japanese_fonts()
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in JAPANESE_FONTS:
        if name in installed:
            return name
    warnings.warn(
        "no font with Japanese glyphs found (looked for "
        + ", ".join(JAPANESE_FONTS)
        + "): charts get English labels only. Install one, e.g. "
        "'sudo apt-get install fonts-noto-cjk' (Debian/Ubuntu) or 'brew install "
        "--cask font-noto-sans-cjk-jp' (macOS), and run again.",
        MissingJapaneseFontWarning,
        stacklevel=2,
    )
    return None


def font_family() -> list[str]:
    """Latin glyphs from DejaVu Sans, Japanese ones from :func:`japanese_font` when installed."""
    family = ["DejaVu Sans"]
    font = japanese_font()
    if font:
        family.append(font)
    return family
