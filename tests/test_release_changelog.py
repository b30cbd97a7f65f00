"""``sdgkg build --changes-since``: a CHANGELOG.md in the release, the same bytes every time."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from graph_build.build import BuildResult, build
from graph_build.cli.main import main
from graph_build.release.folder import CHANGELOG_NAME, verify_checksums

from .conftest import ALL_RECORD_KINDS


def test_unchanged_records_give_an_empty_changelog(
    fixture_build: BuildResult, tmp_path: Path
) -> None:
    build(ALL_RECORD_KINDS, tmp_path / "dist", changes_since=fixture_build.out)
    release = tmp_path / "dist" / "release"
    text = (release / CHANGELOG_NAME).read_text(encoding="utf-8")
    assert "- 0 entities added" in text and "- 0 entities changed" in text
    assert "No entity changed" in text
    assert verify_checksums(release) == []  # listed in SHA256SUMS like every file
    assert CHANGELOG_NAME in (release / "README.md").read_text(encoding="utf-8")


def test_an_edited_record_is_listed_and_bytes_repeat(
    fixture_build: BuildResult, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(ALL_RECORD_KINDS, data)
    plan = data / "sampletown" / "municipality.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "  en: Sample Town\n" in text
    plan.write_text(
        text.replace("  en: Sample Town\n", "  en: Sample Town (renamed)\n", 1), encoding="utf-8"
    )
    first = build(data, tmp_path / "a", changes_since=fixture_build.out).out
    second = build(data, tmp_path / "b", changes_since=fixture_build.out).out
    log = (first / "release" / CHANGELOG_NAME).read_bytes()
    assert log == (second / "release" / CHANGELOG_NAME).read_bytes()
    decoded = log.decode("utf-8")
    assert "- 0 entities added" in decoded and "- 0 entities removed" in decoded
    changed = decoded.split("## Changed / 変更\n", 1)[1]
    # the city, and the entities whose labels or descriptions carry its English name
    assert "- <https://w3id.org/sdgkg/id/sampletown>\n" in changed
    assert str(tmp_path) not in decoded  # no folder names: same bytes on any machine


def test_changes_since_needs_the_release(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--data",
            str(ALL_RECORD_KINDS),
            "--out",
            str(tmp_path / "d"),
            "--no-release",
            "--changes-since",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 2 and "drop --no-release" in result.output
