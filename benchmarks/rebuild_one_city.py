"""A rebuild after one municipality's records change: its time per step, and what it took from
the earlier build: municipalities' SDG suggestions, the store, Turtle segments, validation
batches.

``--out`` must hold a build of ``--data`` made by this version of sdgkg. The script changes the
municipality ``--city`` (:func:`change_a_direction`), runs ``sdgkg build --data DATA --out OUT
--no-release --timings`` under ``measure_child.py`` (wall time, peak memory), and puts the
municipality's folder back as it was; ``--out`` then holds the build of the changed records.
Writes ``RESULT.json`` and ``RESULT.md``.

    .venv/bin/python benchmarks/rebuild_one_city.py --data /tmp/scale-work/corpus-1741 \\
        --out /tmp/scale-work/dist-1741 --city m00001 \\
        --result benchmarks/results/rebuild_one_city_1741
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

#: What the build prints of what it took from the earlier build.
TAKEN = {
    "suggestions": re.compile(r"SDG suggestions read back for (\d+) of (\d+) municipalities"),
    "turtle_segments": re.compile(r"Turtle dump: (\d+) of (\d+) segments copied"),
    "validation_batches": re.compile(r"validation: (\d+) of (\d+) batches read back"),
    "scoped_checks": re.compile(
        r"SPARQL checks: (\d+) of (\d+) run on the (\d+) subjects that changed only"
    ),
}
STORE_UPDATED = "store: changed where the dump changed"
FIRST_DIRECTION = re.compile(r"\nareas:\n- id: [^\n]+\n(?:  [^\n]+\n)*?  ja: ([^\n]+)\n")


def change_a_direction(folder: Path) -> str:
    """Add words about forests (と森林の保全) to the Japanese name of the first direction of a
    municipality's SDGs Future City Plan, in every document of its folder that names it: the
    context of every entity under the direction, so that their suggestions change. Returns the
    name as it was."""
    plans = sorted(folder.glob("*future-city-plan.yaml"))
    found = FIRST_DIRECTION.search(plans[0].read_text(encoding="utf-8")) if plans else None
    if found is None:
        raise SystemExit(f"error: {folder} has no SDGs Future City Plan with a direction")
    name = found.group(1)
    for path in sorted(folder.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        changed = text.replace(f"ja: {name}\n", f"ja: {name}と森林の保全\n")
        if changed != text:
            path.write_text(changed, encoding="utf-8")
    return name


def report(result: dict[str, Any]) -> str:
    """The result as Markdown."""
    steps = (result["build"].get("timings") or {}).get("steps") or []
    taken = result["taken"]
    lines = [
        f"# Rebuild after one municipality changed ({result['municipalities']:,} municipalities)",
        "",
        f"Command: `{result['command']}`  ",
        f"Date: {result['date']}; commit {result['commit']}",
        "",
        f"Changed: `{result['city']}` ({result['change']}).",
        "",
        f"- wall time: {result['build'].get('wall_s')} s; peak memory "
        f"{result['build'].get('peak_rss_mb')} MiB; exit code {result['build'].get('returncode')}",
        "- SDG suggestions read back for {} of {} municipalities".format(*taken["suggestions"]),
        "- store: "
        + ("changed where the dump changed" if taken["store_updated"] else "loaded whole"),
        "- Turtle dump: {} of {} segments copied".format(*taken["turtle_segments"]),
        "- validation: {} of {} batches read back".format(*taken["validation_batches"]),
        "- SPARQL checks: {} of {} run on the {} subjects that changed only".format(
            *taken["scoped_checks"]
        ),
        "",
        "| step | wall s | cpu s |",
        "|---|---:|---:|",
        *(f"| {s['step']} | {s['wall_s']} | {s['cpu_s']} |" for s in steps),
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Change one municipality, rebuild, record, restore."""
    from scale import git_commit, machine_info, measured, read_json, sdgkg

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, required=True, help="the corpus built in --out")
    parser.add_argument("--out", type=Path, required=True, help="a build of --data")
    parser.add_argument("--city", required=True, help="the municipality (folder) to change")
    parser.add_argument("--result", type=Path, required=True, help="RESULT.json and RESULT.md")
    parser.add_argument("--timeout", type=float, default=7200.0, help="seconds for the build")
    args = parser.parse_args(argv)
    folder = args.data / args.city
    if not (args.out / "build.json").is_file() or not folder.is_dir():
        sys.exit(f"error: need a build in {args.out} and a folder {folder}")
    municipalities = sum(1 for p in args.data.iterdir() if p.is_dir())
    work = Path(tempfile.mkdtemp(prefix="rebuild-one-city-"))
    backup = work / "backup"
    shutil.copytree(folder, backup)
    timings = work / "timings.json"
    command = [
        *sdgkg(),
        "build",
        "--data",
        str(args.data),
        "--out",
        str(args.out),
        "--no-release",
        "--timings",
        str(timings),
    ]
    try:
        name = change_a_direction(folder)
        build = measured(command, "build", work / "logs", args.timeout)
    finally:
        shutil.rmtree(folder)
        shutil.copytree(backup, folder)
    build["timings"] = read_json(timings)
    printed = (work / "logs" / "build.out").read_text(encoding="utf-8", errors="replace")
    taken: dict[str, Any] = {}
    for part, pattern in TAKEN.items():
        found = pattern.search(printed)
        taken[part] = [int(g) for g in found.groups()] if found else [0] * pattern.groups
    taken["store_updated"] = STORE_UPDATED in printed
    result = {
        "command": " ".join(sys.argv),
        "build_command": " ".join(command),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(Path(__file__).resolve().parent.parent),
        "machine": machine_info(),
        "municipalities": municipalities,
        "city": args.city,
        "change": f"「{name}」 → 「{name}と森林の保全」 in every document naming that direction",
        "taken": taken,
        "build": build,
    }
    args.result.parent.mkdir(parents=True, exist_ok=True)
    args.result.with_suffix(".json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    args.result.with_suffix(".md").write_text(report(result), encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if build.get("returncode") == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
