"""The shape of curated source records (``data/<municipality>/*.yaml``).

Each municipality folder holds ``municipality.yaml`` and one YAML file per source document. Models
here check structure and types; :mod:`graph_build.records.sources` checks what crosses
records (references, duplicate identifiers, SDG codes, units). ``data/README.md`` documents
the format for curators.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[
    str, Field(pattern=SLUG_PATTERN, description="lower-case ASCII words joined by '-'")
]
Aspect = Literal["economy", "society", "environment", "integrated"]
Dimension = Literal["economy", "society", "environment"]
NonEmpty = Annotated[str, Field(min_length=1)]
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
DateText = Annotated[str, Field(pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD")]
Year = Annotated[int, Field(ge=1800, le=2200)]
# How a printed number bounds the true one: 1,000を超える is more-than, 200以上 at-least, 約 about.
NumberBound = Literal["exact", "at-least", "more-than", "about"]


class Record(BaseModel):
    """Base for every record: unknown fields are errors, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Record):
    """Where a fact stands in its seed document: a section heading and an inclusive line range."""

    section: NonEmpty
    lines: str | int
    document: Slug | None = None

    @field_validator("lines")
    @classmethod
    def _line_range(cls, value: str | int) -> str:
        text = str(value).strip()
        match = re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?", text)
        if not match:
            raise ValueError("must be a line number or a range such as 140-152")
        # Whether the range starts at line 1 or later and runs forward is a rule of the graph
        # (shapes/entities.ttl, SourceSpanShape), checked once the build has emitted it.
        start = int(match.group(1))
        end = int(match.group(2) or start)
        return f"{start}-{end}"

    @property
    def start_line(self) -> int:
        """First line of the range (1-based)."""
        return int(str(self.lines).split("-")[0])

    @property
    def end_line(self) -> int:
        """Last line of the range (inclusive)."""
        return int(str(self.lines).split("-")[1])


class AltName(Record):
    """Another Japanese name of a record: a correction of an extraction error, or the name a
    re-listing prints; the notes say which and why."""

    ja: NonEmpty
    note_en: NonEmpty
    note_ja: NonEmpty


InferredField = Literal["desired_direction", "type", "aspect"]
InferenceMethod = Literal["indicator-meaning", "organisation-name", "area-content"]


class Inference(Record):
    """A value of the record that curators inferred rather than read from the document."""

    field: InferredField
    method: InferenceMethod
    note_en: NonEmpty
    note_ja: NonEmpty


class Labelled(Record):
    """A record with a Japanese label as written, an English label, and optional descriptions.

    ``more_sources`` lists further spans a record's facts come from; ``alt_names`` other names;
    ``inferred`` the values curators inferred.
    """

    ja: NonEmpty
    en: NonEmpty
    description_en: str | None = None
    description_ja: str | None = None
    source: Source
    more_sources: list[Source] = []
    alt_names: list[AltName] = []
    inferred: list[Inference] = []


class Area(Labelled):
    """A local direction, a partnership block or an issue area under which work is placed."""

    id: Slug
    kind: Literal["direction", "partnership", "issue-area"]
    number: int | None = None
    alt_ja: list[NonEmpty] = []
    aspect: Aspect | None = None
    sdg_targets: list[str] = []


class Observation(Record):
    """A KPI value: the number as printed, its unit and multiplier, and the (fiscal) year."""

    value: Decimal
    year: Year
    year_type: Literal["fiscal", "calendar"]
    unit: Slug
    multiplier: Decimal = Decimal(1)
    bound: NumberBound = "exact"


IndicatorMatch = Literal["exact", "proxy"]


class UnIndicatorLink(Record):
    """A curators' judgement that a KPI measures (``exact``) or approximates (``proxy``) a UN SDG
    indicator, given by its compact code (``12.5.1``). No plan prints these links: the notes say
    why the curators made it, and the graph marks it as their inference."""

    code: Annotated[str, Field(pattern=r"^\d{1,2}\.[0-9a-z]{1,2}\.\d{1,2}$")]
    match: IndicatorMatch
    note_en: NonEmpty
    note_ja: NonEmpty


class Kpi(Labelled):
    """A key performance indicator with one baseline and one target observation.

    The record has room for exactly one of each because the emitter writes both; the graph's
    rules about them (exactly one each, complete, target year not before baseline year) are
    stated once, in shapes/kpis.ttl. ``un_indicators`` are curated links to UN indicators.
    """

    id: Slug
    baseline: Observation
    target: Observation
    desired_direction: Literal["increase", "decrease", "maintain"]
    cumulative: bool = False
    un_indicators: list[UnIndicatorLink] = []


class TargetSource(Record):
    """Where a KPI table says its targets are quoted from, as the table's note prints it.

    ``plans`` are the plan ids the note names; ``other_related_plans`` is true when the note adds
    "等関連計画" (or other related plans), so that no single plan can be named for a target;
    ``except_target_year`` is the target year the note exempts (targets set by the plan itself).
    """

    plans: list[Slug] = Field(min_length=1)
    other_related_plans: bool = False
    except_target_year: Year | None = None
    source: Source


class KpiBlock(Record):
    """A table of SDG goals/targets and the KPIs printed beside them."""

    id: Slug
    aspect: Aspect | None = None
    areas: list[Slug] = []
    sdg_goals: list[str] = []
    sdg_targets: list[str] = []
    kpis: list[Slug] = Field(min_length=1)
    target_source: TargetSource | None = None
    source: Source


class Placement(Record):
    """An initiative listed under an area; ``relisted`` marks a "(再掲)" entry."""

    area: Slug
    relisted: bool = False
    source: Source


class Funding(Record):
    """A funding programme named for an initiative.

    ``status: named`` is for a programme the document names with nothing said about applying
    for it or receiving it.
    """

    ja: NonEmpty
    en: NonEmpty
    status: Literal["planned-application", "funded", "named"]
    source: Source


class Initiative(Labelled):
    """A concrete undertaking of the city (取組, 事業), possibly placed under several areas."""

    id: Slug
    placements: list[Placement] = Field(min_length=1)
    model_project: bool = False
    funding: list[Funding] = []
    start_year: Year | None = None
    aspect: Aspect | None = None
    policy: Slug | None = None
    sdg_targets: list[str] = []
    stakeholders: list[Slug] = []


class Example(Record):
    """An example initiative (取組例) of an action, with its list marker (● or ・)."""

    marker: Literal["●", "・"]
    ja: NonEmpty
    en: NonEmpty
    relisted: bool = False
    source: Source | None = None


class Action(Record):
    """An action (行動) under a specific goal, numbered ①②… in the source."""

    number: int = Field(ge=1)
    ja: NonEmpty
    en: NonEmpty
    source: Source
    examples: list[Example] = []


class SpecificGoal(Record):
    """A specific goal (具体目標) under an area, with its actions."""

    area: Slug
    number: int = Field(ge=1)
    ja: NonEmpty
    en: NonEmpty
    source: Source
    actions: list[Action] = []


class Policy(Labelled):
    """A policy line (政策) of an issue area."""

    id: Slug
    area: Slug


class LocalGoal(Labelled):
    """The goal (ゴール) a document sets for an issue area."""

    id: Slug
    area: Slug


class Theme(Labelled):
    """A town-planning theme or engine of a vision."""

    id: Slug
    kind: Literal["theme", "engine"]
    keyword: str | None = None


class PlanRecord(Labelled):
    """A plan, vision, ordinance or strategy that the document names."""

    id: Slug
    kind: Literal["vision", "ordinance", "basic-concept", "strategy", "related-plan"]
    reflection: Literal["reflected", "to-be-reflected"] | None = None
    adopted: DateText | None = None
    period_start: Year | None = None
    period_end: Year | None = None
    period_year_type: Literal["fiscal", "calendar"] | None = None


class Stakeholder(Labelled):
    """An organisation, group or place the city works with; ``id`` is global across cities."""

    id: Slug
    type: Slug
    role_en: NonEmpty
    role_ja: str | None = None
    count: int | None = Field(default=None, ge=0)
    count_bound: NumberBound = "exact"
    part_of: Slug | None = None
    country_en: str | None = None
    partner_since: Year | None = None


class Agreement(Labelled):
    """A signed agreement between at least two parties; ``date`` only when the document gives it."""

    id: Slug
    date: DateText | None = None
    parties: list[Slug] = Field(min_length=2)


class JointProject(Labelled):
    """A project a body's members run together, as the document names it (広域連携事業)."""

    id: Slug


class Body(Labelled):
    """A governance body: promotion headquarters, council, partners' platform and the like;
    also a metropolitan partnership area of several municipalities (``urban-area``) and a study
    group (``study-group``). ``joint_projects`` are the projects the document says its members
    run together."""

    id: Slug
    type: Literal["headquarters", "council", "platform", "meeting", "urban-area", "study-group"]
    members: list[Slug] = []
    joint_projects: list[JointProject] = []
    secretariat: Slug | None = None
    established: DateText | None = None
    member_count: int | None = Field(default=None, ge=0)
    member_count_bound: NumberBound = "exact"
    member_count_date: DateText | None = None


class OutreachEvent(Labelled):
    """An outreach event or channel named in the plan; ``initiative`` when the plan also lists the
    same activity as an initiative."""

    id: Slug
    audience: Literal["local", "domestic", "overseas"]
    years: list[Year] = []
    initiative: Slug | None = None


class Synergy(Labelled):
    """A synergy the document states between two dimensions."""

    id: Slug
    dimensions: list[Dimension] = Field(min_length=2, max_length=2)

    @field_validator("dimensions")
    @classmethod
    def _two_different(cls, value: list[str]) -> list[str]:
        if value[0] == value[1]:
            raise ValueError("a synergy joins two different dimensions")
        return value


class IndicatorList(Labelled):
    """A list of indicators a plan names as a yardstick for its evaluation.

    ``status: planned`` when the plan says the list is still to be used or drawn up.
    """

    id: Slug
    status: Literal["current", "planned"] = "current"


EvaluationMethod = Literal[
    "kpi-progress-management",
    "indicator-assessment",
    "flag-management",
    "pdca-cycle",
    "policy-evaluation",
    "progress-disclosure",
]


class Evaluation(Labelled):
    """How a plan says its progress is managed or evaluated: by whom, with which KPIs and lists,
    how often, and whether other cities are compared.

    ``ja`` is the name of the method as printed (e.g. 旗管理方式); ``evaluated_by`` are body or
    stakeholder ids; ``all_kpis`` links every KPI the document defines, ``kpis`` single ones;
    ``evaluates`` a plan id when the method serves a plan other than the document itself;
    ``frequency_ja``/``frequency_en`` only when the document prints how often.
    """

    id: Slug
    method: EvaluationMethod
    status: Literal["current", "planned"] = "current"
    evaluated_by: list[Slug] = []
    evaluates: Slug | None = None
    all_kpis: bool = False
    kpis: list[Slug] = []
    indicator_lists: list[Slug] = []
    compares_with_other_cities: bool = False
    frequency_ja: str | None = None
    frequency_en: str | None = None


CityFactKind = Literal[
    "land-area", "population", "population-change", "city-incorporation", "core-city-transition"
]


class CityFact(Record):
    """A profile fact the document prints about its municipality: area, population and the like.

    ``value`` with ``unit`` (and ``multiplier``, ``bound``) for measured facts; ``year`` the
    reference year when the document gives one (for a change, ``compared_with_year`` the earlier
    one); ``survey_ja`` /
    ``survey_en`` the survey the document names as the figure's source (国勢調査).
    """

    id: Slug
    kind: CityFactKind
    value: Decimal | None = None
    unit: Slug | None = None
    multiplier: Decimal = Decimal(1)
    bound: NumberBound = "exact"
    year: Year | None = None
    year_type: Literal["fiscal", "calendar"] = "calendar"
    compared_with_year: Year | None = None
    survey_ja: str | None = None
    survey_en: str | None = None
    source: Source


class LocalSituationItem(Labelled):
    """One numbered point of a plan's account of its city: a regional feature (地域特性) or an
    issue the city means to tackle (今後取り組む課題). ``areas`` only when the document itself ties
    the point to a direction or area."""

    id: Slug
    kind: Literal["feature", "issue"]
    number: int | None = Field(default=None, ge=1)
    areas: list[Slug] = []


MechanismKind = Literal[
    "goal-localisation",
    "partner-network",
    "private-finance",
    "matching",
    "self-running",
    "budget-linkage",
    "reinvestment",
]


class Mechanism(Labelled):
    """A way the plan says its work is carried, financed or kept going: private finance,
    matching, projects running on their own, budgets linked to the goals, reinvestment.

    ``ja`` is the phrase the document prints for it; ``bodies``, ``stakeholders`` and ``themes``
    are the ones the document names in the same passage; ``status: planned`` when the document
    presents it as still under study or to come.
    """

    id: Slug
    kind: MechanismKind
    status: Literal["current", "planned"] = "current"
    bodies: list[Slug] = []
    stakeholders: list[Slug] = []
    themes: list[Slug] = []


class Contribution(Labelled):
    """What a plan says it contributes to regional revitalisation (地方創生への貢献): ``areas``
    and ``plans`` the passage names as the way there."""

    id: Slug
    areas: list[Slug] = []
    plans: list[Slug] = []


class DocumentMeta(Labelled):
    """The document itself: its seed file, kind, issue date and plan period."""

    id: Slug
    seed: NonEmpty
    kind: Literal["sdgs-future-city-plan", "sdgs-action-plan", "sdgs-model-project"]
    issued: DateText | None = None
    period_start: Year | None = None
    period_end: Year | None = None


class DocumentRecords(Record):
    """Everything curated from one document."""

    document: DocumentMeta
    areas: list[Area] = []
    kpis: list[Kpi] = []
    kpi_blocks: list[KpiBlock] = []
    initiatives: list[Initiative] = []
    specific_goals: list[SpecificGoal] = []
    policies: list[Policy] = []
    local_goals: list[LocalGoal] = []
    themes: list[Theme] = []
    plans: list[PlanRecord] = []
    stakeholders: list[Stakeholder] = []
    agreements: list[Agreement] = []
    bodies: list[Body] = []
    events: list[OutreachEvent] = []
    synergies: list[Synergy] = []
    indicator_lists: list[IndicatorList] = []
    evaluations: list[Evaluation] = []
    city_facts: list[CityFact] = []
    local_situation: list[LocalSituationItem] = []
    mechanisms: list[Mechanism] = []
    contributions: list[Contribution] = []


class Government(Record):
    """The municipal government as an organisation."""

    id: Slug
    ja: NonEmpty
    en: NonEmpty


class Municipality(Labelled):
    """A municipality; ``source.document`` names the document that introduces it."""

    id: Slug
    prefecture_ja: NonEmpty
    prefecture_en: NonEmpty
    government: Government


SUGGESTED_KIND_PATTERN = r"^(initiative|action|example|policy|kpi)/[a-z0-9]+(?:-[a-z0-9]+)*$"


class SdgReview(Record):
    """A curator's decision on one suggested SDG target of one entity.

    ``entity`` is the entity's kind and id as in its IRI (``initiative/wood-culture-city``,
    ``kpi/waste-generation``, ``action/direction-1-1-2``). An accepted target becomes a curated
    link with the reviewer and note as its provenance; a rejected one is not suggested again.
    """

    entity: Annotated[
        str,
        Field(
            pattern=SUGGESTED_KIND_PATTERN,
            description="initiative|action|example|policy|kpi, '/', the entity's id",
        ),
    ]
    target: NonEmpty
    decision: Literal["accept", "reject"]
    reviewer: NonEmpty
    note: NonEmpty
    note_lang: Literal["ja", "en"] = "ja"
    date: DateText | None = None


class SdgReviewFile(Record):
    """Content of ``sdg-reviews.yaml``: a municipality's reviews of SDG suggestions."""

    reviews: list[SdgReview] = []


class MunicipalityFile(Record):
    """Content of ``municipality.yaml``."""

    municipality: Municipality
