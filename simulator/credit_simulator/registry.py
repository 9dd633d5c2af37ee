"""The simulated region: market entities and residents, stable for a seed across every day."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from faker import Faker

from credit.core.domain import SUBJECT_LEGAL, SUBJECT_SOLE_TRADER
from credit.core.identifiers import (
    org_code_check_char,
    resident_id_check_char,
    uscc_check_char,
)

# The simulated region's districts: Huai'an (320800), the default region (the centre's division names
# are its seed code_labels, domain division).
HUAIAN_DIVISIONS: dict[str, str] = {
    "320803": "淮安区",
    "320804": "淮阴区",
    "320812": "清江浦区",
    "320813": "洪泽区",
    "320826": "涟水县",
    "320830": "盱眙县",
    "320831": "金湖县",
}


# (authority+type, weight, category): mostly enterprises (91) and sole traders (92), and the
# letter-coded shapes docs/domain.md §1.1 says are legal (N2 farmers' groups, Y1 other, A1 military).
_ENTITY_KINDS: tuple[tuple[str, int, str], ...] = (
    ("91", 70, SUBJECT_LEGAL),
    ("92", 18, SUBJECT_SOLE_TRADER),
    ("93", 3, SUBJECT_LEGAL),
    ("12", 2, SUBJECT_LEGAL),
    ("52", 2, SUBJECT_LEGAL),
    ("N2", 2, SUBJECT_LEGAL),
    ("Y1", 2, SUBJECT_LEGAL),
    ("A1", 1, SUBJECT_LEGAL),
)
# How each kind of entity is named, so a name agrees with its code's type (seed uscc_entity_types):
# a cooperative is a 专业合作社, never a 有限公司; the words are drawn from `_name`'s own stream.
_COOP_TRADES = ("稻米种植", "龙虾养殖", "蔬菜种植", "水产养殖", "果品种植", "农机服务", "茶叶种植", "家禽养殖")
_INSTITUTIONS = (
    "农产品质量检测中心",
    "市场服务中心",
    "职业技术学校",
    "公共资源交易服务中心",
    "广播电视站",
    "农业技术推广中心",
)
_PRIVATE_NON_ENTERPRISE = ("培训学校", "养老院", "社会工作服务中心", "幼儿园", "康复中心", "文化艺术培训中心")
_ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # org codes avoid I, O, Z, S, V too
_SHOP_KINDS = ("便利店", "餐馆", "五金店", "水果店", "理发店", "服装店", "烟酒店", "粮油店", "农资店")


@dataclass(frozen=True)
class Entity:
    uscc: str
    name: str
    category: str
    division: str
    legal_rep: str
    legal_rep_id: str


@dataclass(frozen=True)
class Resident:
    name: str
    resident_id: str
    phone: str


# kind -> name(district, faker, rng); any other kind is a company (91)
_NAMERS: dict[str, Callable[[str, Faker, random.Random], str]] = {
    "92": lambda d, f, r: f"{d}{f.last_name()}记{r.choice(_SHOP_KINDS)}",
    "93": lambda d, f, r: f"{d}{f.last_name()}庄{r.choice(_COOP_TRADES)}专业合作社",
    "12": lambda d, f, r: f"淮安市{d}{r.choice(_INSTITUTIONS)}",
    "52": lambda d, f, r: f"淮安市{d}{f.last_name()}氏{r.choice(_PRIVATE_NON_ENTERPRISE)}",
    "N2": lambda d, f, r: f"{d}{f.last_name()}庄村股份经济合作社",
    "A1": lambda d, f, r: f"{d}军队离休退休干部休养所",
    "Y1": lambda d, f, r: f"淮安市{d}{f.last_name()}氏宗亲联谊会",
}


def _name(kind: str, district: str, fake: Faker, rng: random.Random, taken: set[str]) -> str:
    """A name of the kind its code says (docs/domain.md §1.1), unique in the region: a name is
    under one code only (a numbered unit where the kind's names run out)."""
    namer = _NAMERS.get(kind, lambda d, f, r: "淮安" + f.company())
    for attempt in range(100):
        name = namer(district, fake, rng)
        if attempt >= 10:
            name = name.replace(district, f"{district}第{attempt - 8}", 1)
        if name not in taken:
            return name
    raise RuntimeError(f"no free name for kind {kind} in {district}")


def make_uscc(rng: random.Random, kind: str, division: str) -> str:
    body = "".join(rng.choice(_ORG_ALPHABET) for _ in range(8))
    first17 = kind + division + body + org_code_check_char(body)
    return first17 + uscc_check_char(first17)


def make_resident_id(rng: random.Random, division: str) -> str:
    born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 45))
    first17 = f"{division}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return first17 + resident_id_check_char(first17)


@dataclass(frozen=True)
class Region:
    code: str
    entities: tuple[Entity, ...]
    residents: tuple[Resident, ...]


REPEAT_OFFENDERS = 6  # the region's first entities: shops that keep turning up in every feed


def pick_entity(rng: random.Random, reg: Region, repeat_share: float) -> Entity:
    """An entity for a record: with probability `repeat_share` one of the few repeat offenders (real
    enforcement data is skewed: the same businesses collect penalties, complaints and list entries),
    otherwise any entity of the region."""
    if rng.random() < repeat_share:
        return reg.entities[rng.randrange(REPEAT_OFFENDERS)]
    return rng.choice(reg.entities)


@lru_cache(maxsize=8)
def region(seed: int, n_entities: int = 400, n_residents: int = 300) -> Region:
    """The region for a seed: same entities and residents whatever day is simulated."""
    rng = random.Random(seed)
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    divisions = list(HUAIAN_DIVISIONS)
    kinds = [k for k, _, _ in _ENTITY_KINDS]
    weights = [w for _, w, _ in _ENTITY_KINDS]
    category = {k: c for k, _, c in _ENTITY_KINDS}
    entities: list[Entity] = []
    seen: set[str] = set()
    names: set[str] = set()
    names_rng = random.Random(f"{seed}:names")  # its own stream: the codes stay those of the seed
    while len(entities) < n_entities:
        kind = rng.choices(kinds, weights)[0]
        division = rng.choice(divisions)
        uscc = make_uscc(rng, kind, division)
        if uscc in seen:
            continue
        seen.add(uscc)
        name = _name(kind, HUAIAN_DIVISIONS[division], fake, names_rng, names)
        names.add(name)
        entities.append(Entity(uscc, name, category[kind], division, fake.name(), make_resident_id(rng, division)))
    residents = tuple(
        Resident(fake.name(), make_resident_id(rng, rng.choice(divisions)), fake.phone_number())
        for _ in range(n_residents)
    )
    return Region(code="320800", entities=tuple(entities), residents=residents)
