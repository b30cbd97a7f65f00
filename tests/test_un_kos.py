"""Official UN wording: merged from the cached dump when present, never required."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_build.build import build
from graph_build.errors import SdgkgError
from graph_build.namespaces import SDG, SDGKG
from graph_build.sdg.un_kos import KOS_FILE, download_kos, un_label_graph

from .conftest import ALL_RECORD_KINDS, UN_KOS_DIR


@pytest.fixture()
def real_cache() -> Path:
    if not (UN_KOS_DIR / KOS_FILE).is_file():
        pytest.skip("UN SDG KOS reference copy not found beside the project")
    return UN_KOS_DIR


def test_merge_from_the_real_dump(real_cache: Path) -> None:
    graph = un_label_graph(real_cache)
    assert graph is not None
    titles = {(o.language, str(o)) for o in graph.objects(SDG["11.6"], SDGKG.officialTitle)}
    assert {lang for lang, _ in titles} == {"en", "es", "fr"}
    assert any("air quality" in text for lang, text in titles if lang == "en")
    assert (SDG["C110601"], SDGKG.officialTitle, None) in graph


def test_build_merges_when_cached(
    real_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDGKG_CACHE", str(real_cache))
    result = build(ALL_RECORD_KINDS, tmp_path / "dist")
    assert result.un_labels_merged
    assert "https://w3id.org/sdgkg/graph/un-sdg-labels" in result.triples_per_graph


def test_no_cache_means_no_merge(tmp_path: Path) -> None:
    assert un_label_graph(tmp_path) is None


def test_tampered_dump_is_ignored(tmp_path: Path) -> None:
    (tmp_path / KOS_FILE).write_text("<http://a> <http://b> <http://c> .\n", encoding="utf-8")
    assert un_label_graph(tmp_path) is None


def test_offline_download_says_so_in_one_line(tmp_path: Path) -> None:
    # Port 9 on loopback has no listener: the connection is refused at once.
    with pytest.raises(SdgkgError) as info:
        download_kos("http://127.0.0.1:9/kos.ttl", folder=tmp_path, timeout=5)
    message = str(info.value)
    assert message.startswith("offline:") and "\n" not in message
    assert not (tmp_path / KOS_FILE).exists()


def test_checksum_mismatch_caches_nothing(tmp_path: Path) -> None:
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"not the dump")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(SdgkgError, match="sha256"):
            download_kos(f"http://127.0.0.1:{server.server_port}/kos.ttl", folder=tmp_path)
    finally:
        server.shutdown()
    assert not (tmp_path / KOS_FILE).exists()
    assert not list(tmp_path.iterdir())
