"""Generic phrases for synthetic plans: themes, topics, KPI kinds, stakeholders, plans, events.

Every phrase here is written for the generator in plain, generic Japanese with an English label
beside it; none is taken from a real plan. :mod:`graph_build.synth.corpus` combines them into
labels such as 「食品ロス削減の推進」 / "Promoting food loss reduction".
"""

from __future__ import annotations

from typing import NamedTuple

# Themes group directions, topics and KPI kinds so that what a city lists under a direction fits
# it; each theme belongs to one Future City aspect (economy, society, environment).
THEME_ASPECTS: dict[str, str] = {
    "nature": "environment",
    "circular": "environment",
    "climate": "environment",
    "mobility": "environment",
    "children": "society",
    "inclusion": "society",
    "health": "society",
    "safety": "society",
    "learning": "society",
    "industry": "economy",
    "culture": "economy",
    "exchange": "economy",
}


class Direction(NamedTuple):
    """A local direction (方向性): short name, long form, English label."""

    theme: str
    ja: str
    alt_ja: str
    en: str


DIRECTIONS: tuple[Direction, ...] = (
    Direction(
        "nature",
        "自然と共に暮らせるまち",
        "豊かな自然を守り育て、身近に感じられる暮らしをつくる",
        "A city living alongside nature",
    ),
    Direction(
        "circular",
        "資源がめぐるまち",
        "ごみを減らし、資源を循環させる仕組みをつくる",
        "A city where resources circulate",
    ),
    Direction(
        "climate",
        "脱炭素に挑むまち",
        "エネルギーの地産地消と温室効果ガスの削減をすすめる",
        "A city taking on decarbonisation",
    ),
    Direction(
        "mobility",
        "移動しやすいまち",
        "公共交通と歩いて暮らせる都市の形をつくる",
        "A city that is easy to get around",
    ),
    Direction(
        "children",
        "子どもがのびのび育つまち",
        "子どもの育ちと学びを地域全体で支える",
        "A city where children grow up freely",
    ),
    Direction(
        "inclusion",
        "誰もが活躍できるまち",
        "年齢や性別、障害の有無にかかわらず力を発揮できる環境をつくる",
        "A city where everyone can play a part",
    ),
    Direction(
        "health",
        "健康で長生きできるまち",
        "生涯を通じて健やかに過ごせる地域をつくる",
        "A city of long and healthy lives",
    ),
    Direction(
        "safety",
        "安全・安心に暮らせるまち",
        "災害や事故に備え、安心して暮らせる地域をつくる",
        "A safe and secure city",
    ),
    Direction(
        "learning",
        "学び続けられるまち",
        "誰もがいつでも学び直せる機会をつくる",
        "A city of lifelong learning",
    ),
    Direction(
        "industry",
        "新しい仕事が生まれるまち",
        "地域の強みを活かして産業と雇用を育てる",
        "A city where new work is born",
    ),
    Direction(
        "culture",
        "歴史と文化が息づくまち",
        "受け継がれてきた文化を次の世代へつなぐ",
        "A city alive with history and culture",
    ),
    Direction(
        "exchange",
        "にぎわいと交流のあるまち",
        "人が集い、交わり、新しい価値が生まれる場をつくる",
        "A lively city of exchange",
    ),
)


class Topic(NamedTuple):
    """A field of work: a Japanese compound noun, an English noun phrase and an id slug."""

    theme: str
    ja: str
    en: str
    slug: str


TOPICS: tuple[Topic, ...] = (
    Topic("nature", "里山保全", "satoyama conservation", "satoyama-conservation"),
    Topic("nature", "生物多様性保全", "biodiversity conservation", "biodiversity"),
    Topic("nature", "水辺空間活用", "use of waterside spaces", "waterside-spaces"),
    Topic("nature", "都市緑化", "urban greening", "urban-greening"),
    Topic("nature", "森林整備", "forest management", "forest-management"),
    Topic("circular", "食品ロス削減", "food loss reduction", "food-loss"),
    Topic("circular", "ごみ減量", "waste reduction", "waste-reduction"),
    Topic("circular", "資源リサイクル", "resource recycling", "recycling"),
    Topic("circular", "プラスチック削減", "plastic reduction", "plastic-reduction"),
    Topic("circular", "リユース", "reuse", "reuse"),
    Topic("climate", "再生可能エネルギー導入", "renewable energy uptake", "renewable-energy"),
    Topic("climate", "省エネルギー", "energy saving", "energy-saving"),
    Topic("climate", "脱炭素型ライフスタイル", "low-carbon lifestyles", "low-carbon-lifestyles"),
    Topic("climate", "公共施設LED化", "LED lighting in public buildings", "led-lighting"),
    Topic("climate", "気候変動適応", "climate change adaptation", "climate-adaptation"),
    Topic("mobility", "地域公共交通", "local public transport", "public-transport"),
    Topic("mobility", "自転車活用", "cycling", "cycling"),
    Topic("mobility", "歩いて暮らせるまちづくり", "walkable neighbourhoods", "walkability"),
    Topic("mobility", "次世代モビリティ", "next-generation mobility", "mobility-services"),
    Topic("children", "子育て支援", "child-rearing support", "child-rearing"),
    Topic("children", "放課後の居場所づくり", "safe after-school places", "after-school"),
    Topic("children", "子どもの体験学習", "hands-on learning for children", "hands-on-learning"),
    Topic("children", "読書活動", "reading for children", "reading"),
    Topic("children", "妊娠・出産支援", "pregnancy and birth support", "birth-support"),
    Topic("inclusion", "女性活躍", "women's advancement", "womens-advancement"),
    Topic("inclusion", "障害者就労", "work for people with disabilities", "disability-work"),
    Topic("inclusion", "多文化共生", "multicultural coexistence", "multicultural"),
    Topic("inclusion", "高齢者の社会参加", "older people's participation", "senior-participation"),
    Topic("inclusion", "働き方改革", "work-style reform", "work-style"),
    Topic("health", "健康づくり", "health promotion", "health-promotion"),
    Topic("health", "介護予防", "preventive care for older people", "preventive-care"),
    Topic("health", "食育", "food education", "food-education"),
    Topic("health", "スポーツ振興", "sport promotion", "sport"),
    Topic("health", "地域医療連携", "community medical cooperation", "community-medicine"),
    Topic("safety", "地域防災", "community disaster preparedness", "disaster-preparedness"),
    Topic("safety", "防犯活動", "crime prevention", "crime-prevention"),
    Topic("safety", "交通安全", "road safety", "road-safety"),
    Topic("safety", "見守り活動", "neighbourhood watch", "neighbourhood-watch"),
    Topic("safety", "避難所整備", "evacuation shelters", "evacuation-shelters"),
    Topic("learning", "生涯学習", "lifelong learning", "lifelong-learning"),
    Topic("learning", "SDGs教育", "SDGs education", "sdgs-education"),
    Topic("learning", "リカレント教育", "recurrent education", "recurrent-education"),
    Topic("learning", "公民館活動", "community centre activities", "community-centres"),
    Topic("learning", "ICT教育", "ICT in schools", "ict-education"),
    Topic("industry", "創業支援", "start-up support", "start-ups"),
    Topic("industry", "地場産業振興", "local industry promotion", "local-industry"),
    Topic("industry", "企業誘致", "business attraction", "business-attraction"),
    Topic("industry", "農林水産業振興", "farming, forestry and fisheries", "primary-industry"),
    Topic("industry", "デジタル化", "digitalisation", "digitalisation"),
    Topic("culture", "伝統文化継承", "passing on traditional culture", "traditional-culture"),
    Topic("culture", "伝統工芸振興", "traditional crafts", "traditional-crafts"),
    Topic("culture", "歴史的町並み保全", "historic townscapes", "historic-townscapes"),
    Topic("culture", "文化芸術活動", "arts and culture", "arts"),
    Topic("culture", "地域祭礼", "local festivals", "local-festivals"),
    Topic("exchange", "観光振興", "tourism promotion", "tourism"),
    Topic("exchange", "国際交流", "international exchange", "international-exchange"),
    Topic("exchange", "移住定住促進", "migration and settlement", "migration"),
    Topic("exchange", "中心市街地活性化", "city-centre revitalisation", "city-centre"),
    Topic("exchange", "関係人口創出", "ties with non-residents", "non-resident-ties"),
)


class Pattern(NamedTuple):
    """A phrase with a ``{t}`` slot for a topic, in Japanese and English, and an id suffix."""

    ja: str
    en: str
    slug: str


# Initiatives (取組): topic + what the city does about it.
INITIATIVE_PATTERNS: tuple[Pattern, ...] = (
    Pattern("{t}の推進", "Promoting {t}", "promotion"),
    Pattern("{t}の充実", "Strengthening {t}", "strengthening"),
    Pattern("{t}支援事業", "Support programme for {t}", "support"),
    Pattern("{t}の見える化", "Making {t} visible", "visibility"),
    Pattern("{t}に関する普及啓発", "Raising awareness of {t}", "awareness"),
    Pattern("{t}の仕組みづくり", "Building a system for {t}", "system"),
    Pattern("{t}のネットワークづくり", "Building a network for {t}", "network"),
    Pattern("{t}の拠点整備", "Setting up a hub for {t}", "hub"),
)
MODEL_PROJECT_PATTERN = Pattern("{t}モデル事業", "Model project for {t}", "model-project")

# Mirai-Scenario-like action plans: specific goal → action → example.
SPECIFIC_GOAL_PATTERNS: tuple[Pattern, ...] = (
    Pattern("{t}が暮らしの一部になっている", "{T} has become part of everyday life", "everyday"),
    Pattern("誰もが{t}に関われる", "Everyone can take part in {t}", "everyone"),
    Pattern("{t}を通じて人がつながる", "People connect through {t}", "connect"),
    Pattern("{t}の価値が共有されている", "The value of {t} is shared", "shared"),
    Pattern("{t}を次の世代につなぐ", "Hand {t} on to the next generation", "next-generation"),
)
ACTION_PATTERNS: tuple[Pattern, ...] = (
    Pattern("{t}を知る", "Get to know {t}", "know"),
    Pattern("{t}に参加する", "Take part in {t}", "join"),
    Pattern("{t}を応援する", "Support {t}", "support"),
    Pattern("{t}を広める", "Spread {t}", "spread"),
    Pattern("{t}を工夫する", "Find new ways for {t}", "improve"),
    Pattern("{t}を続ける", "Keep up {t}", "continue"),
    Pattern("{t}を話し合う", "Talk about {t}", "talk"),
)
EXAMPLE_PATTERNS: tuple[Pattern, ...] = (
    Pattern("{t}について学ぶ機会をつくる", "Create chances to learn about {t}", "learn"),
    Pattern("{t}に家族で参加する", "Join {t} as a family", "family"),
    Pattern("{t}の情報を発信する", "Share information on {t}", "inform"),
    Pattern("地域で{t}に取り組む", "Work on {t} as a neighbourhood", "neighbourhood"),
    Pattern("{t}を次の世代に伝える", "Pass {t} on to the next generation", "pass-on"),
    Pattern("学校と協力して{t}を進める", "Advance {t} together with schools", "schools"),
    Pattern("企業と連携して{t}を広げる", "Spread {t} with local businesses", "businesses"),
    Pattern("{t}の担い手を育てる", "Train people to carry {t}", "train"),
    Pattern("{t}の体験会を開く", "Hold hands-on sessions on {t}", "sessions"),
    Pattern("{t}の成果を記録して共有する", "Record and share results of {t}", "record"),
)
POLICY_PATTERNS: tuple[Pattern, ...] = (
    Pattern("{t}を軸とした地域づくり", "Community building centred on {t}", "centred"),
    Pattern("{t}の取組の拡充", "Expanding work on {t}", "expanding"),
    Pattern("{t}を支える体制づくり", "Arrangements that support {t}", "arrangements"),
)


class KpiKind(NamedTuple):
    """A KPI: labels, unit code, baseline range, multiplier, desired direction, decimals."""

    theme: str
    slug: str
    ja: str
    en: str
    unit: str
    low: float
    high: float
    multiplier: int
    direction: str
    cumulative: bool
    decimals: int


KPI_KINDS: tuple[KpiKind, ...] = (
    KpiKind(
        "nature",
        "urban-park-area",
        "都市公園の面積",
        "Area of urban parks",
        "hectare",
        40,
        900,
        1,
        "increase",
        False,
        1,
    ),
    KpiKind(
        "nature",
        "satoyama-volunteers",
        "里山保全活動の参加者数",
        "Volunteers in satoyama conservation",
        "person",
        80,
        4000,
        1,
        "increase",
        False,
        0,
    ),
    KpiKind(
        "nature",
        "nature-satisfaction",
        "「自然の豊かさ」に対する市民満足度",
        "Residents' satisfaction with natural richness",
        "percent",
        30,
        70,
        1,
        "increase",
        False,
        1,
    ),
    KpiKind(
        "nature",
        "local-timber-supply",
        "地域産木材の供給量",
        "Supply of locally grown timber",
        "cubic-metre",
        500,
        9000,
        1,
        "increase",
        False,
        0,
    ),
    KpiKind(
        "circular",
        "waste-generated",
        "ごみの総排出量",
        "Total waste generated",
        "tonne",
        8000,
        160000,
        1,
        "decrease",
        False,
        0,
    ),
    KpiKind(
        "circular",
        "recycling-rate",
        "ごみのリサイクル率",
        "Waste recycling rate",
        "percent",
        10,
        35,
        1,
        "increase",
        False,
        1,
    ),
    KpiKind(
        "circular",
        "food-loss-partner-shops",
        "食品ロス削減協力店の登録数(累計)",
        "Shops registered as food loss reduction partners (cumulative)",
        "shop",
        10,
        300,
        1,
        "increase",
        True,
        0,
    ),
    KpiKind(
        "circular",
        "reuse-items",
        "リユース品の回収点数",
        "Items collected for reuse",
        "item",
        500,
        30000,
        1,
        "increase",
        False,
        0,
    ),
    KpiKind(
        "climate",
        "ghg-emissions",
        "市域の温室効果ガス排出量",
        "Greenhouse gas emissions in the city",
        "tonne-co2",
        150,
        3500,
        1000,
        "decrease",
        False,
        0,
    ),
    KpiKind(
        "climate",
        "renewable-generation",
        "再生可能エネルギーによる発電量",
        "Electricity generated from renewables",
        "kilowatt-hour",
        2000,
        90000,
        1000,
        "increase",
        False,
        0,
    ),
    KpiKind(
        "climate",
        "solar-households",
        "太陽光発電を導入した世帯数(累計)",
        "Households with solar power (cumulative)",
        "household",
        300,
        12000,
        1,
        "increase",
        True,
        0,
    ),
    KpiKind(
        "climate",
        "municipal-electricity",
        "市有施設の電力使用量",
        "Electricity used by municipal buildings",
        "kilowatt-hour",
        5000,
        80000,
        1000,
        "decrease",
        False,
        0,
    ),
    KpiKind(
        "mobility",
        "public-transport-users",
        "公共交通の年間利用者数",
        "Annual public transport users",
        "person",
        300,
        25000,
        1000,
        "increase",
        False,
        1,
    ),
    KpiKind(
        "mobility",
        "bike-share-trips",
        "シェアサイクルの利用回数",
        "Bike-share trips",
        "time",
        2000,
        300000,
        1,
        "increase",
        False,
        0,
    ),
    KpiKind(
        "mobility",
        "walkable-districts",
        "歩行者優先区域を設けた地区数",
        "Districts with pedestrian-priority zones",
        "district",
        1,
        25,
        1,
        "increase",
        False,
        0,
    ),
    KpiKind(
        "children",
        "child-rearing-hubs",
        "子育て支援拠点の数",
        "Child-rearing support hubs",
        "facility",
        2,
        40,
        1,
        "increase",
        False,
        0,
    ),
    KpiKind(
        "children",
        "after-school-waiting-list",
        "放課後児童クラブの待機児童数",
        "Children waiting for an after-school club place",
        "person",
        5,
        300,
        1,
        "decrease",
        False,
        0,
    ),
    KpiKind(
        "children",
        "parenting-consultations",
        "子育て相談の件数",
        "Consultations on child-rearing",
        "case",
        100,
        6000,
        1,
        "increase",
        False,
        0,
    ),
    KpiKind(
        "inclusion",
        "women-managers",
        "市職員の管理職に占める女性の割合",
        "Share of women among municipal managers",
        "percent",
        5,
        30,
        1,
        "increase",
        False,
        1,
    ),
    KpiKind(
        "inclusion",
        "disability-employment-users",
        "就労支援事業所の利用者数",
        "Users of employment support services",
        "person",
        50,
        1500,
        1,
        "increase",
        False,
        0,
    ),
    KpiKind(
        "inclusion",
        "multicultural-classes",
        "多文化共生講座の開催回数",
        "Multicultural coexistence classes held",
        "time",
        3,
        80,
        1,
        "increase",
        False,
        0,
    ),
    KpiKind(
        "inclusion",
        "declared-employers",
        "働き方改革を宣言した事業所数(累計)",
        "Employers that declared work-style reform (cumulative)",
        "establishment",
        10,
        400,
        1,
        "increase",
        True,
        0,
    ),
    KpiKind(
        "health",
        "health-checkup-rate",
        "特定健康診査の受診率",
        "Uptake of specific health check-ups",
        "percent",
        25,
        60,
        1,
        "increase",
        False,
        1,
    ),
    KpiKind(
        "health",
        "health-class-participants",
        "健康づくり教室の参加者数",
        "Participants in health promotion classes",
        "person",
        200,
        9000,
        1,
        "increase",
        False,
        0,
    ),
    KpiKind(
        "health",
        "care-need-rate",
        "要介護認定率",
        "Share of older people certified for care",
        "percent",
        12,
        22,
        1,
        "maintain",
        False,
        1,
    ),
    KpiKind(
        "health",
        "wellbeing-score",
        "市民の幸福度(10点満点)",
        "Residents' wellbeing score (out of 10)",
        "score",
        5,
        7,
        1,
        "increase",
        False,
        1,
    ),
    KpiKind(
        "safety",
        "disaster-group-rate",
        "自主防災組織の組織率",
        "Coverage of voluntary disaster-prevention groups",
        "percent",
        50,
        90,
        1,
        "increase",
        False,
        1,
    ),
    KpiKind(
        "safety",
        "traffic-accidents",
        "交通事故の発生件数",
        "Traffic accidents",
        "case",
        80,
        2500,
        1,
        "decrease",
        False,
        0,
    ),
    KpiKind(
        "safety",
        "watch-organisations",
        "見守り活動を行う団体数",
        "Groups running neighbourhood watch",
        "organisation",
        5,
        150,
        1,
        "increase",
        False,
        0,
    ),
    KpiKind(
        "learning",
        "lifelong-learners",
        "生涯学習講座の受講者数",
        "People attending lifelong learning courses",
        "person",
        300,
        20000,
        1,
        "increase",
        False,
        0,
    ),
    KpiKind(
        "learning",
        "sdgs-schools",
        "SDGs学習に取り組む学校数",
        "Schools running SDGs learning",
        "school",
        2,
        60,
        1,
        "increase",
        False,
        0,
    ),
    KpiKind(
        "learning",
        "community-centre-use",
        "公民館の利用件数",
        "Bookings of community centres",
        "case",
        500,
        30000,
        1,
        "increase",
        False,
        0,
    ),
    KpiKind(
        "industry",
        "new-businesses",
        "新規創業件数(累計)",
        "New businesses founded (cumulative)",
        "case",
        10,
        400,
        1,
        "increase",
        True,
        0,
    ),
    KpiKind(
        "industry",
        "firms-attracted",
        "企業誘致件数(累計)",
        "Firms attracted (cumulative)",
        "establishment",
        2,
        80,
        1,
        "increase",
        True,
        0,
    ),
    KpiKind(
        "industry",
        "local-product-sales",
        "地場産品の販売額",
        "Sales of local products",
        "yen",
        50,
        5000,
        1000000,
        "increase",
        False,
        0,
    ),
    KpiKind(
        "industry",
        "sdgs-registered-firms",
        "SDGs登録事業者数(累計)",
        "Businesses registered as SDGs partners (cumulative)",
        "organisation",
        10,
        500,
        1,
        "increase",
        True,
        0,
    ),
    KpiKind(
        "culture",
        "cultural-facility-visitors",
        "文化施設の利用者数",
        "Visitors to cultural facilities",
        "person",
        5000,
        400000,
        1,
        "increase",
        False,
        0,
    ),
    KpiKind(
        "culture",
        "craft-successors",
        "伝統工芸の後継者数",
        "Successors in traditional crafts",
        "person",
        5,
        120,
        1,
        "increase",
        False,
        0,
    ),
    KpiKind(
        "culture",
        "historic-buildings-kept",
        "保存活用した歴史的建造物の件数(累計)",
        "Historic buildings conserved and used (cumulative)",
        "item",
        3,
        150,
        1,
        "increase",
        True,
        0,
    ),
    KpiKind(
        "exchange",
        "tourist-visits",
        "観光入込客数",
        "Tourist visits",
        "person",
        100,
        9000,
        1000,
        "increase",
        False,
        1,
    ),
    KpiKind(
        "exchange",
        "overnight-stays",
        "宿泊者数",
        "Overnight stays",
        "person",
        20,
        3000,
        1000,
        "increase",
        False,
        1,
    ),
    KpiKind(
        "exchange",
        "new-residents",
        "移住相談を経た転入者数",
        "Newcomers after migration advice",
        "person",
        10,
        600,
        1,
        "increase",
        False,
        0,
    ),
    KpiKind(
        "exchange",
        "city-centre-vacancy",
        "中心市街地の空き店舗数",
        "Vacant shops in the city centre",
        "shop",
        10,
        200,
        1,
        "decrease",
        False,
        0,
    ),
)


class StakeholderKind(NamedTuple):
    """A stakeholder a city names: type code, labels with ``{c}`` for the city, role."""

    slug: str
    type: str
    ja: str
    en: str
    role_ja: str
    role_en: str


# Stakeholders of one city; ``{c}`` is the city's name.
LOCAL_STAKEHOLDERS: tuple[StakeholderKind, ...] = (
    StakeholderKind(
        "citizens",
        "citizens",
        "{c}の市民",
        "Residents of {c}",
        "取組の担い手であり、普及啓発の対象でもある。",
        "Carry out the initiatives and are the audience of local outreach.",
    ),
    StakeholderKind(
        "neighbourhood-associations",
        "community-organisation",
        "{c}町内会連合会",
        "Federation of neighbourhood associations of {c}",
        "地域の清掃や見守りを担う住民組織。",
        "Resident groups that run clean-ups and neighbourhood watch.",
    ),
    StakeholderKind(
        "chamber-of-commerce",
        "public-interest-corporation",
        "{c}商工会議所",
        "{c} Chamber of Commerce",
        "事業者への普及とSDGs経営の支援を行う。",
        "Spreads the plan among businesses and supports SDG management.",
    ),
    StakeholderKind(
        "social-welfare-council",
        "social-welfare-organisation",
        "{c}社会福祉協議会",
        "{c} Council of Social Welfare",
        "福祉の担い手として地域の支え合いを広げる。",
        "Widens mutual support in the community as a welfare provider.",
    ),
    StakeholderKind(
        "sdgs-npo",
        "npo",
        "NPO法人{c}まちづくり協議会",
        "{c} Community Development NPO",
        "市民と行政をつなぐ中間支援を担う。",
        "Intermediary that links residents with the city.",
    ),
    StakeholderKind(
        "local-business-group",
        "business",
        "{c}地元企業連絡会",
        "{c} local business liaison group",
        "地元企業の取組事例を共有する。",
        "Shares examples of what local firms do.",
    ),
    StakeholderKind(
        "schools",
        "school",
        "{c}立小中学校",
        "{c} municipal schools",
        "SDGs学習の場を提供する。",
        "Offer places for SDGs learning.",
    ),
    StakeholderKind(
        "city-assembly",
        "assembly",
        "{c}議会",
        "{c} Assembly",
        "計画の審議と進捗の確認を行う。",
        "Deliberates the plan and checks its progress.",
    ),
    StakeholderKind(
        "tourism-association",
        "public-interest-corporation",
        "{c}観光協会",
        "{c} Tourism Association",
        "観光分野の取組を進める。",
        "Carries the tourism initiatives.",
    ),
)
PLANNING_DIVISION = StakeholderKind(
    "planning-division",
    "municipal-body",
    "企画政策課",
    "Policy Planning Division",
    "SDGsの推進本部の事務局として庁内を調整する。",
    "Secretariat of the SDGs headquarters, coordinating the departments.",
)
SISTER_CITY_COUNTRIES: tuple[str, ...] = (
    "France",
    "Germany",
    "United States",
    "China",
    "Republic of Korea",
    "Australia",
    "Italy",
    "Brazil",
    "Canada",
    "New Zealand",
)

# Stakeholders shared by the cities of a prefecture; ``{p}`` is the prefecture's number.
PREFECTURE_STAKEHOLDERS: tuple[StakeholderKind, ...] = (
    StakeholderKind(
        "government",
        "prefectural-government",
        "合成県{p}",
        "Synthetic Prefecture {p}",
        "県の施策と市の計画を連携させる。",
        "Aligns prefectural policy with the city's plan.",
    ),
    StakeholderKind(
        "university",
        "university",
        "合成県{p}大学",
        "Synthetic Prefecture {p} University",
        "研究と人材育成で市の取組を支える。",
        "Supports the city's work through research and training.",
    ),
    StakeholderKind(
        "bank",
        "financial-institution",
        "合成県{p}銀行",
        "Synthetic Prefecture {p} Bank",
        "SDGsに取り組む事業者への融資と助言を行う。",
        "Lends to and advises businesses working on the SDGs.",
    ),
    StakeholderKind(
        "newspaper",
        "media",
        "合成県{p}新聞社",
        "Synthetic Prefecture {p} Newspaper",
        "SDGsの取組を広く伝える。",
        "Reports on the city's SDG work.",
    ),
    StakeholderKind(
        "environment-network",
        "network",
        "合成県{p}環境ネットワーク",
        "Synthetic Prefecture {p} Environment Network",
        "環境団体と事業者をつなぐ。",
        "Links environmental groups and businesses.",
    ),
)

# Stakeholders shared across the whole country.
NATIONAL_STAKEHOLDERS: tuple[StakeholderKind, ...] = (
    StakeholderKind(
        "synthetic-sdgs-cities-network",
        "network",
        "合成SDGs自治体ネットワーク",
        "Synthetic SDGs Municipalities Network",
        "自治体同士で事例と課題を共有する。",
        "Lets municipalities share cases and problems.",
    ),
    StakeholderKind(
        "synthetic-sustainability-institute",
        "research-institute",
        "合成持続可能性研究所",
        "Synthetic Institute for Sustainability",
        "指標の設定と評価に助言する。",
        "Advises on indicators and evaluation.",
    ),
    StakeholderKind(
        "synthetic-international-sdgs-office",
        "international-organisation",
        "合成国際SDGs事務所",
        "Synthetic International SDGs Office",
        "国際的な発信と交流を支える。",
        "Supports international outreach and exchange.",
    ),
    StakeholderKind(
        "synthetic-national-agency",
        "national-institution",
        "合成地方創生庁",
        "Synthetic Agency for Regional Revitalisation",
        "交付金と制度で計画を後押しする。",
        "Backs the plan with grants and schemes.",
    ),
)


class Named(NamedTuple):
    """A named thing with labels; ``{c}`` in the labels is the city's name."""

    slug: str
    ja: str
    en: str


RELATED_PLANS: tuple[Named, ...] = (
    Named("comprehensive-plan", "{c}総合計画", "{c} Comprehensive Plan"),
    Named("environment-plan", "{c}環境基本計画", "{c} Basic Environment Plan"),
    Named("climate-action-plan", "{c}地球温暖化対策実行計画", "{c} Climate Action Plan"),
    Named("waste-plan", "{c}一般廃棄物処理基本計画", "{c} Basic Plan for Municipal Waste"),
    Named(
        "child-support-plan",
        "{c}子ども・子育て支援事業計画",
        "{c} Child and Child-rearing Support Plan",
    ),
    Named("welfare-plan", "{c}地域福祉計画", "{c} Community Welfare Plan"),
    Named("tourism-plan", "{c}観光振興計画", "{c} Tourism Promotion Plan"),
    Named("urban-master-plan", "{c}都市計画マスタープラン", "{c} Urban Planning Master Plan"),
    Named("transport-plan", "{c}地域公共交通計画", "{c} Local Public Transport Plan"),
    Named("gender-equality-plan", "{c}男女共同参画計画", "{c} Gender Equality Plan"),
    Named("resilience-plan", "{c}国土強靱化地域計画", "{c} Local Resilience Plan"),
    Named("health-plan", "{c}健康増進計画", "{c} Health Promotion Plan"),
)

EVENTS: tuple[tuple[str, str, str, str], ...] = (
    ("sdgs-forum", "local", "{c}SDGsフォーラム", "{c} SDGs Forum"),
    ("sdgs-fair", "local", "{c}SDGsフェア", "{c} SDGs Fair"),
    ("family-sdgs-class", "local", "親子SDGs教室", "SDGs classes for parents and children"),
    ("residents-workshop", "local", "市民ワークショップ", "Residents' workshops"),
    ("newsletter-feature", "local", "広報誌のSDGs特集", "SDGs features in the city newsletter"),
    ("future-city-symposium", "domestic", "SDGs未来都市シンポジウム", "SDGs Future City Symposium"),
    ("regional-sdgs-meeting", "domestic", "広域SDGs連携会議", "Regional SDGs liaison meeting"),
    ("english-website", "overseas", "英語版SDGsウェブサイト", "English SDGs website"),
    (
        "sister-city-online-exchange",
        "overseas",
        "姉妹都市とのオンライン交流会",
        "Online exchange with sister cities",
    ),
    (
        "international-conference-session",
        "overseas",
        "国際会議での事例発表",
        "Case presentation at an international conference",
    ),
)

FUNDING_PROGRAMMES: tuple[tuple[str, str], ...] = (
    ("合成地域づくり交付金", "Synthetic regional development grant"),
    ("合成脱炭素推進補助金", "Synthetic decarbonisation subsidy"),
)

# Model-project documents (Komatsu-like): themes and engines of a vision, issue areas per aspect,
# issue-area goals, and synergy statements between dimensions.
THEMES: tuple[tuple[str, str, str, str], ...] = (
    ("theme", "ひと", "ひとが育つ", "People who grow"),
    ("theme", "しごと", "しごとが生まれる", "Work that is created"),
    ("theme", "くらし", "くらしが続く", "Livelihoods that last"),
    ("theme", "しぜん", "しぜんと共に生きる", "Living with nature"),
    ("theme", "つながり", "つながりが広がる", "Ties that widen"),
    ("engine", "まなび", "学びの力", "The power of learning"),
    ("engine", "デジタル", "デジタルの力", "The power of digital technology"),
    ("engine", "きょうどう", "協働の力", "The power of working together"),
)
ISSUE_AREAS: dict[str, tuple[tuple[str, str], ...]] = {
    "economy": (
        (
            "地域経済の活力向上と多様な働き方の実現",
            "A livelier local economy and diverse ways of working",
        ),
        ("地域資源を活かした産業の育成", "Growing industries from local resources"),
    ),
    "society": (
        (
            "人口減少と高齢化に対応した持続可能な地域社会づくり",
            "Sustainable communities for a shrinking, ageing population",
        ),
        (
            "誰もが支え合い安心して暮らせる地域の形成",
            "Communities where everyone supports one another and lives in safety",
        ),
    ),
    "environment": (
        ("環境への負荷の低減と自然との共生", "A lower environmental load and life with nature"),
        ("資源の循環と脱炭素の地域づくり", "Circular, low-carbon communities"),
    ),
    "integrated": (
        (
            "分野を越えた学びと協働による好循環の創出",
            "A virtuous circle through learning and work across fields",
        ),
    ),
}
LOCAL_GOALS: dict[str, tuple[tuple[str, str], ...]] = {
    "economy": (
        (
            "地域産業が成長し、多様な働き方が広がっている",
            "Local industry grows and diverse ways of working spread",
        ),
        ("地域資源から新しい仕事が生まれ続けている", "Local resources keep creating new work"),
    ),
    "society": (
        (
            "誰もが健康で、支え合いながら暮らし続けられる",
            "Everyone can keep living in good health, supporting one another",
        ),
        (
            "世代や国籍を越えて人がつながっている",
            "People are connected across generations and nationalities",
        ),
    ),
    "environment": (
        (
            "豊かな自然が守られ、環境にやさしい暮らしが定着している",
            "Rich nature is protected and low-impact living has taken root",
        ),
        (
            "資源が地域で循環し、排出の少ない暮らしが当たり前になっている",
            "Resources circulate locally and low-emission living is the norm",
        ),
    ),
}
SYNERGIES: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("economy", "environment"): (
        (
            "省エネ設備の導入が事業者の経費削減と排出削減を同時に進める",
            "Energy-saving equipment cuts both business costs and emissions",
        ),
        (
            "地域産木材の利用が林業の振興と森林の保全につながる",
            "Using local timber supports forestry and keeps forests healthy",
        ),
        (
            "環境に配慮した観光が地域の収入と自然の価値を高める",
            "Low-impact tourism raises local income and the value of nature",
        ),
        (
            "食品ロスの削減が事業者の負担とごみの量を減らす",
            "Less food loss lowers business costs and the amount of waste",
        ),
    ),
    ("economy", "society"): (
        (
            "多様な人材の就労が人手不足の解消と社会参加を後押しする",
            "Work for diverse people eases labour shortages and widens participation",
        ),
        (
            "地域での創業が若い世代の定着とにぎわいを生む",
            "Local start-ups keep young people in the city and bring it to life",
        ),
        (
            "健康づくりが働く人の生産性向上と医療費の抑制につながる",
            "Health promotion lifts productivity and restrains medical costs",
        ),
    ),
    ("society", "environment"): (
        (
            "地域ぐるみの清掃活動が住民のつながりと美しい景観を育てる",
            "Neighbourhood clean-ups build ties and a beautiful landscape",
        ),
        (
            "自然体験が子どもの育ちと環境への関心を高める",
            "Experiences in nature help children grow and care about the environment",
        ),
        (
            "公共交通の利用が高齢者の外出と排出削減を両立させる",
            "Public transport helps older people get out while cutting emissions",
        ),
    ),
}

PREFECTURES = 47
