"""The vocabularies and literals the emitters write, as N-Triples text.

A large corpus gives millions of statements. Building an rdflib term for each value, and then
formatting it, cost more than everything else in reading and emitting the records; so emitters
write every term straight away as the N-Triples text of :mod:`graph_build.emit.ntriples` (the one
formatting path, which matches Oxigraph byte for byte). The vocabularies here mirror
:mod:`graph_build.namespaces` under the same names, so an emitter reads as if it used rdflib; the
IRIs of the project's own entities are minted by :mod:`graph_build.iris`.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS as _DCTERMS
from rdflib.namespace import FOAF as _FOAF
from rdflib.namespace import ORG as _ORG
from rdflib.namespace import PROV as _PROV
from rdflib.namespace import QB as _QB
from rdflib.namespace import RDF as _RDF
from rdflib.namespace import RDFS as _RDFS
from rdflib.namespace import SKOS as _SKOS
from rdflib.namespace import XSD as _XSD
from rdflib.namespace import DefinedNamespace

from graph_build import namespaces
from graph_build.emit.ntriples import iri_text, iri_value, literal_text


class TextNamespace:
    """Terms of an rdflib namespace as N-Triples text: ``SDGKG.number``, ``UNIT["percent"]``.

    Attribute names are checked by the rdflib namespace (a closed vocabulary rejects unknown
    terms) and each is built once; items (slugs from the records) are built on every use.
    """

    def __init__(self, namespace: Namespace | type[DefinedNamespace]) -> None:
        self._namespace = namespace
        self._base = str(namespace)

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        text = iri_text(str(getattr(self._namespace, name)))
        # Later look-ups find the text as a plain attribute and never come here again.
        setattr(self, name, text)
        return text

    def __getitem__(self, name: str) -> str:
        return iri_text(self._base + name)


DCTERMS = TextNamespace(_DCTERMS)
FOAF = TextNamespace(_FOAF)
ORG = TextNamespace(_ORG)
PROV = TextNamespace(_PROV)
QB = TextNamespace(_QB)
RDF = TextNamespace(_RDF)
RDFS = TextNamespace(_RDFS)
SKOS = TextNamespace(_SKOS)
XSD = TextNamespace(_XSD)
SDGKG = TextNamespace(namespaces.SDGKG)
UNIT = TextNamespace(namespaces.UNIT)
STYPE = TextNamespace(namespaces.STYPE)

_XSD_BOOLEAN = str(_XSD.boolean)
_XSD_INTEGER = str(_XSD.integer)


def literal(value: str | int | bool, lang: str | None = None) -> str:
    """A literal as rdflib's ``Literal(value, lang=lang)`` writes it.

    Text is a plain (``xsd:string``) or language-tagged literal, ``True`` is
    ``"true"^^xsd:boolean`` and ``42`` is ``"42"^^xsd:integer``.
    """
    if isinstance(value, bool):  # before int: a bool is an int too
        return literal_text("true" if value else "false", datatype=_XSD_BOOLEAN)
    if isinstance(value, int):
        return literal_text(str(value), datatype=_XSD_INTEGER)
    return literal_text(value, lang)


def typed_literal(lexical: str, datatype: str) -> str:
    """``"lexical"^^datatype``, the datatype given as N-Triples text (e.g. ``XSD.gYear``)."""
    return literal_text(lexical, datatype=iri_value(datatype))
