"""Simulated wholesale markets: each market uploads its stalls, inspections (抽检) and trade summary
for the day, in its own format and header spelling; a few uploads arrive days late."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from credit.ingest.layouts import INSPECTION_FIELDS, MERCHANT_FIELDS, TRADE_FIELDS, Field
from credit_simulator.files import write_drop_file
from credit_simulator.registry import region

SOURCE = "wholesale"
DATASET_FILES = {
    "merchants": ("商户", MERCHANT_FIELDS),
    "inspections": ("抽检", INSPECTION_FIELDS),
    "trades": ("交易", TRADE_FIELDS),
}
_ITEMS = (
    ("青菜", "农药残留"),
    ("猪肉", "瘦肉精"),
    ("鲫鱼", "孔雀石绿"),
    ("豆芽", "6-苄基腺嘌呤"),
    ("韭菜", "腐霉利"),
    ("鸡蛋", "氟苯尼考"),
    ("牛肉", "克伦特罗"),
)
_CATEGORIES = ("蔬菜", "肉类", "水产", "禽蛋", "粮油", "干货", "水果")


@dataclass(frozen=True)
class Market:
    market_id: str
    name: str
    fmt: str  # csv-gbk | csv-utf8-bom | xlsx
    spelling: dict[str, str]  # column -> the header this market writes
    stalls: tuple[tuple[str, str, str | None, str], ...]  # stall_no, merchant name, uscc or None, category


@lru_cache(maxsize=4)
def markets(seed: int, scale: float = 1.0) -> tuple[Market, ...]:
    reg = region(seed)
    rng = random.Random(f"{seed}:{SOURCE}:markets")
    traders = [e for e in reg.entities if e.uscc[:2] in ("92", "91")]
    styles = (
        ("HA01", "淮安农副产品批发市场", "csv-gbk", {}),
        ("HA02", "清江浦蔬菜批发市场", "csv-utf8-bom", {"stall_no": "档口号", "uscc": "信用代码", "result": "判定"}),
        (
            "HA03",
            "淮阴水产批发市场",
            "xlsx",
            {"stall_no": "铺位号", "merchant_name": "经营者名称", "volume_kg": "交易量(kg)", "amount_yuan": "交易金额"},
        ),
    )
    out = []
    for market_id, name, fmt, spelling in styles:
        stalls = []
        for n in range(round(rng.randint(25, 40) * scale)):
            stall = f"{market_id[-2:]}-{n + 1:03d}"
            if rng.random() < 0.6:
                e = rng.choice(traders)
                # market clerks type names their own way: brackets, short forms
                merchant = e.name.replace("有限公司", "有限责任公司") if rng.random() < 0.2 else e.name
                uscc = e.uscc if rng.random() < 0.7 else None
            else:
                merchant, uscc = (
                    f"{rng.choice('王李张刘陈杨赵黄周吴')}{rng.choice('记氏')}{rng.choice(_CATEGORIES)}摊",
                    None,
                )
            stalls.append((stall, merchant, uscc, rng.choice(_CATEGORIES)))
        out.append(Market(market_id, name, fmt, spelling, tuple(stalls)))
    return tuple(out)


def day_records(seed: int, market: Market, day: dt.date) -> dict[str, list[dict[str, object]]]:
    rng = random.Random(f"{seed}:{SOURCE}:{market.market_id}:{day.isoformat()}")
    merchants = [
        {
            "market_id": market.market_id,
            "stall_no": s,
            "merchant_name": n,
            "uscc": u,
            "category": c,
            "entered_on": dt.date(2024, 1, 1) + dt.timedelta(days=i * 7),
        }
        for i, (s, n, u, c) in enumerate(market.stalls)
    ]
    inspections = []
    for i in range(rng.randint(3, 12)):
        stall = rng.choice(market.stalls)[0]
        item, test = rng.choice(_ITEMS)
        inspections.append(
            {
                "market_id": market.market_id,
                "sample_no": f"{market.market_id}{day:%Y%m%d}{i:03d}",
                "stall_no": stall,
                "item": item,
                "test_item": test,
                "result": "不合格" if rng.random() < 0.06 else "合格",
                "inspected_on": day,
            }
        )
    trades = []
    for stall, *_ in market.stalls:
        if rng.random() < 0.85:
            n = rng.randint(5, 200)
            kg = round(n * rng.uniform(5, 40), 1)
            trades.append(
                {
                    "market_id": market.market_id,
                    "stall_no": stall,
                    "trade_date": day,
                    "trades": n,
                    "volume_kg": kg,
                    "amount_yuan": round(kg * rng.uniform(4, 60), 2),
                }
            )
    return {"merchants": merchants, "inspections": inspections, "trades": trades}


def upload_day(seed: int, market: Market, day: dt.date) -> dt.date:
    """The day a market's files for `day` arrive: usually that day, sometimes two days late."""
    rng = random.Random(f"{seed}:{SOURCE}:{market.market_id}:{day.isoformat()}:late")
    return day + dt.timedelta(days=2) if rng.random() < 0.12 else day


def write_drop(inbox: Path, seed: int, day: dt.date, scale: float = 1.0, plant: str | None = None) -> list[Path]:
    """What arrives in `inbox/wholesale/<day>/`: today's on-time files and earlier days' late ones."""
    written = []
    for market in markets(seed, scale):
        for data_day in (day, day - dt.timedelta(days=2)):
            if upload_day(seed, market, data_day) != day:
                continue
            for dataset, records in day_records(seed, market, data_day).items():
                label, fields = DATASET_FILES[dataset]
                ext = "xlsx" if market.fmt == "xlsx" else "csv"
                path = inbox / SOURCE / day.isoformat() / f"{market.market_id}_{label}_{data_day:%Y%m%d}.{ext}"
                # the markets' trade reports end with a totals row, as their spreadsheets do
                footer = [["合计", "", sum(int(r["trades"]) for r in records)]] if dataset == "trades" else []
                written.append(
                    write_drop_file(
                        path,
                        fields,
                        records,
                        market.fmt,
                        data_day,
                        market.spelling,
                        skip_columns=_skip(fields),
                        footer=footer,
                        plant=plant,
                    )
                )
    return written


def _skip(fields: tuple[Field, ...]) -> frozenset[str]:
    """Markets do not write their own market id in the file: it is in the file name."""
    return frozenset({"market_id"})
