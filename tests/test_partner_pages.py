"""Candidate partner pages of ``sdgkg serve``: one per SDG target and per initiative, linked from
the initiative's own page, answered by the endpoint's request handler on a real store."""

from __future__ import annotations

import re
import shutil

import pyoxigraph as ox
import pytest

from graph_build.build import build
from graph_build.paths import DATA_DIR
from graph_build.records.partners import PARTNERS_FILE
from graph_build.serve.entity_pages import PARTNERS_SHOWN, partner_graph, partners_href
from graph_build.serve.protocol import QueryJob, execute
from graph_build.store.embedded import open_store

from .conftest import FIXTURES

REGISTRY = FIXTURES / "partners" / "kanazawa-partners-for-11-2.csv"
INITIATIVE = "komatsu/initiative/garbage-diet-halving"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    data = tmp_path_factory.mktemp("pages") / "data"
    shutil.copytree(DATA_DIR, data)
    shutil.copy(REGISTRY, data / "kanazawa" / PARTNERS_FILE)
    return open_store(build(data, data.parent / "dist", release=False).out)


def page(store: ox.Store, path: str) -> tuple[int, str]:
    reply = execute(store, QueryJob(partners=path))
    return reply.status, reply.body.decode("utf-8")


def test_a_target_page_lists_the_declaring_organisations_first(store: ox.Store) -> None:
    status, html = page(store, "target/11.2")
    assert status == 200
    names = re.findall(r'<a href="/id/org/([a-z0-9-]+)">', html)
    assert set(names[:2]) == {"transit-test-company", "cycling-test-society"}
    assert "連携相手登録でターゲット11.2を表明" in html and "declares target 11.2" in html
    assert "illustrative registration" in html


def test_an_initiative_page_lists_partners_other_than_its_own(store: ox.Store) -> None:
    status, html = page(store, f"initiative/{INITIATIVE}")
    assert status == 200
    rows = re.findall(r'<a href="/id/org/([a-z0-9-]+)">', html)
    assert 0 < len(rows) <= PARTNERS_SHOWN
    own = partner_graph(store).initiatives["https://w3id.org/sdgkg/id/" + INITIATIVE].stakeholders
    assert own and not {o.rsplit("/", 1)[1] for o in own} & set(rows)
    assert f'href="/id/{INITIATIVE}"' in html


def test_the_initiative_page_links_to_its_partners(store: ox.Store) -> None:
    reply = execute(store, QueryJob(resource=f"/id/{INITIATIVE}", accept="text/html"))
    assert f'href="/partners/initiative/{INITIATIVE}"'.encode() in reply.body


@pytest.mark.parametrize(
    "path", ["target/11.99", "target/11", "initiative/kanazawa/initiative/none", "kpi/x"]
)
def test_unknown_subjects_are_not_found(store: ox.Store, path: str) -> None:
    assert page(store, path)[0] == 404


def test_partner_links_are_for_initiatives_and_targets_only() -> None:
    assert partners_href("http://metadata.un.org/sdg/11.2") == "/partners/target/11.2"
    assert partners_href("http://metadata.un.org/sdg/11") is None
    assert partners_href("https://w3id.org/sdgkg/id/kanazawa/kpi/x") is None
