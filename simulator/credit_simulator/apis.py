"""Records the simulated JSON APIs serve: two e-commerce platforms that disagree on everything,
third-party raters, the 12312 hotline and the household-service registry. Deterministic for
(seed, day, scale); every record carries its change time inside its day."""

from __future__ import annotations

import datetime as dt
import random
from functools import lru_cache

from faker import Faker

from credit.ingest.catalog import RATING_SCALE
from credit_simulator.exchange import prepaid_issuers
from credit_simulator.registry import REPEAT_OFFENDERS, make_resident_id, pick_entity, region

BEIJING = dt.timezone(dt.timedelta(hours=8))
PLATFORMS = ("A", "B")
_DISPUTE_TYPES = ("未按约定发货", "商品质量问题", "虚假宣传", "退款纠纷", "假冒商品")
_DISPUTE_STATUS = ("处理中", "已解决", "平台介入", "已关闭")
_VIOLATIONS = (("售假", "下架商品"), ("虚假交易", "扣分"), ("违规推广", "警告"), ("价格欺诈", "限制经营"))
_AGENCIES = ("中诚信征信", "联合信用", "大公国际", "东方金诚")
_OUTLOOKS = ("稳定", "稳定", "稳定", "正面", "负面", "观察")
_COMPLAINT_CATEGORIES = ("商品质量", "售后服务", "预付卡", "价格", "虚假宣传", "合同纠纷")
_COMPLAINT_STATUS = ("受理", "调解中", "已办结", "不予受理")
_SERVICES = ("保洁", "育儿嫂", "月嫂", "养老护理", "家电清洗")
_CERTS = ("家政服务员", "育婴员", "养老护理员", "母婴护理")
_REVIEW_TEXT = ("质量很好", "物流快", "一般般", "与描述不符", "非常满意", "客服态度差", "性价比高")


def _at(rng: random.Random, day: dt.date) -> dt.datetime:
    """A moment inside `day` (Beijing time)."""
    start = dt.datetime(day.year, day.month, day.day, tzinfo=BEIJING)
    return start + dt.timedelta(seconds=rng.randrange(0, 86400))


def _iso(ts: dt.datetime) -> str:
    return ts.isoformat(timespec="seconds")


def _ms(ts: dt.datetime) -> int:
    return int(ts.timestamp() * 1000)


def _n(rng: random.Random, low: int, high: int, scale: float) -> int:
    return max(0, round(rng.randint(low, high) * scale))


@lru_cache(maxsize=4)
def _shop_pool(seed: int) -> tuple[tuple[str, str, str | None, str, str], ...]:
    """(platform, shop id, name, uscc or None, seller type, division) for every shop on both platforms."""
    reg = region(seed)
    rng = random.Random(f"{seed}:ecommerce:shops")
    fake = Faker("zh_CN")
    fake.seed_instance(seed + 7)
    pool = []
    for i, e in enumerate(reg.entities[:250]):
        platform = PLATFORMS[i % 2]
        kind = "个体工商户" if e.uscc.startswith("92") else "企业"
        # platforms spell names their own way; a third of shops do not show the credit code
        name = e.name + ("旗舰店" if kind == "企业" and rng.random() < 0.5 else "")
        pool.append(
            (
                platform,
                f"{platform}{100000 + i}",
                name,
                e.uscc if i < REPEAT_OFFENDERS or rng.random() < 0.67 else None,
                kind,
                e.division,
            )
        )
    for j in range(120):  # individual sellers: no USCC at all
        platform = PLATFORMS[j % 2]
        pool.append((platform, f"{platform}{900000 + j}", f"{fake.name()}的小店", None, "个人", "320800"))
    return tuple(pool)


def ecommerce(seed: int, platform: str, dataset: str, day: dt.date, scale: float = 1.0) -> list[dict]:
    """One platform's changes of one dataset on one day, in that platform's own JSON shape."""
    rng = random.Random(f"{seed}:ecommerce:{platform}:{dataset}:{day.isoformat()}")
    shops = [s for s in _shop_pool(seed) if s[0] == platform]
    out: list[dict] = []
    if dataset == "shops":
        for s in rng.sample(shops, min(len(shops), _n(rng, 8, 20, scale) or 1)):
            _, shop_id, name, uscc, kind, division = s
            opened = dt.datetime(2023, 1, 1, tzinfo=BEIJING) + dt.timedelta(days=int(shop_id[-3:]))
            out.append(_shop(platform, shop_id, name, uscc, kind, division, opened, _at(rng, day)))
    elif dataset == "reviews":
        n = _n(rng, 150, 300, scale)
        for i in range(n):
            shop = rng.choice(shops)[1]
            at = _at(rng, day)
            rating = rng.choices([5, 4, 3, 2, 1], [60, 20, 8, 5, 7])[0]
            out.append(
                _review(
                    platform,
                    f"{platform}R{day:%Y%m%d}{i:06d}",
                    shop,
                    f"u{rng.randrange(50000):05d}",
                    rating,
                    rng.choice(_REVIEW_TEXT),
                    at,
                )
            )
        for rid, shop, buyer, rating, at in _brushing_bursts(seed, platform, shops, day):
            out.append(_review(platform, rid, shop, buyer, rating, "非常满意", at))
        for rid, shop, buyer, rating, at in _regulars_rush(rng, platform, shops, day):
            out.append(_review(platform, rid, shop, buyer, rating, rng.choice(_REVIEW_TEXT), at))
    elif dataset == "disputes":
        for i in range(_n(rng, 5, 15, scale)):
            at = _at(rng, day)
            out.append(
                _dispute(
                    platform,
                    f"{platform}D{day:%Y%m%d}{i:05d}",
                    rng.choice(shops)[1],
                    f"u{rng.randrange(50000):05d}",
                    rng.choice(_DISPUTE_TYPES),
                    rng.choice(_DISPUTE_STATUS),
                    round(rng.uniform(10, 3000), 2),
                    at,
                )
            )
    elif dataset == "violations":
        for i in range(_n(rng, 0, 4, scale)):
            kind, action = rng.choice(_VIOLATIONS)
            at = _at(rng, day)
            out.append(_violation(platform, f"{platform}V{day:%Y%m%d}{i:04d}", rng.choice(shops)[1], kind, action, at))
    else:
        raise KeyError(dataset)
    return out


def _brushing_bursts(seed: int, platform: str, shops: list, day: dt.date) -> list[tuple]:
    """刷单: now and then a shop buys a burst of 5-star reviews — 6 to 12 within 40 minutes, each from
    a fresh account that never reviews again. Its own random stream, so the truth can be replayed."""
    rng = random.Random(f"{seed}:ecommerce:{platform}:brushing:{day.isoformat()}")
    out: list[tuple] = []
    for b in range(rng.choices([0, 1, 2], [40, 45, 15])[0]):
        shop = rng.choice(shops)[1]
        start = _at(rng, day)
        for k in range(rng.randint(6, 12)):
            buyer = f"u{rng.randrange(50000, 10**6):06d}"
            at = start + dt.timedelta(seconds=rng.randrange(0, 40 * 60))
            out.append((f"{platform}R{day:%Y%m%d}{500000 + 100 * b + k:06d}", shop, buyer, 5, at))
    return out


def _regulars_rush(rng: random.Random, platform: str, shops: list, day: dt.date) -> list[tuple]:
    """The honest look-alike of a burst. A platform's regular customers review a couple of times a
    day, and on promotion days most of them review the same shop within an hour, mostly 5 stars.
    Active accounts, so not brushing."""
    regulars = [f"r{platform}{n:03d}" for n in range(12)]
    out: list[tuple] = []
    k = 0
    for buyer in regulars:
        for _ in range(2):
            at = _at(rng, day)
            rating = rng.choices([5, 4, 3, 2], [55, 30, 10, 5])[0]
            out.append((f"{platform}R{day:%Y%m%d}{600000 + k:06d}", rng.choice(shops)[1], buyer, rating, at))
            k += 1
    if rng.random() < 0.5:
        shop = rng.choice(shops)[1]
        start = _at(rng, day)
        for buyer in rng.sample(regulars, rng.randint(6, 10)):
            at = start + dt.timedelta(seconds=rng.randrange(0, 60 * 60))
            rating = rng.choices([5, 4, 3], [70, 20, 10])[0]
            out.append((f"{platform}R{day:%Y%m%d}{600000 + k:06d}", shop, buyer, rating, at))
            k += 1
    return out


def brushing_truth(seed: int, day: dt.date) -> set[tuple[str, str]]:
    """(platform, review id) of every review the simulator injected as brushing on `day`: the ground
    truth the brushing detector's precision and recall are measured against."""
    truth: set[tuple[str, str]] = set()
    for platform in PLATFORMS:
        shops = [s for s in _shop_pool(seed) if s[0] == platform]
        truth |= {(platform, rid) for rid, *_ in _brushing_bursts(seed, platform, shops, day)}
    return truth


def _shop(p, shop_id, name, uscc, kind, division, opened, at) -> dict:
    if p == "A":
        return {
            "shopId": shop_id,
            "shopName": name,
            "creditCode": uscc,
            "sellerType": kind,
            "region": division,
            "openDate": _iso(opened),
            "updatedAt": _iso(at),
        }
    return {
        "mall_id": shop_id,
        "mall_name": name,
        "social_credit_code": uscc or "",
        "merchant_type": kind,
        "area_code": division,
        "create_time": _ms(opened),
        "modify_time": _ms(at),
    }


def _review(p, rid, shop, buyer, rating, text, at) -> dict:
    if p == "A":
        return {
            "reviewId": rid,
            "shopId": shop,
            "buyerNick": buyer,
            "rating": rating,
            "content": text,
            "reviewedAt": _iso(at),
            "updatedAt": _iso(at),
        }
    return {
        "comment_id": rid,
        "mall_id": shop,
        "buyer_uid": buyer,
        "score": rating,
        "comment": text,
        "comment_time": _ms(at),
        "modify_time": _ms(at),
    }


def _dispute(p, did, shop, buyer, kind, status, amount, at) -> dict:
    if p == "A":
        return {
            "disputeId": did,
            "shopId": shop,
            "buyerNick": buyer,
            "disputeType": kind,
            "status": status,
            "amount": amount,
            "openedAt": _iso(at),
            "updatedAt": _iso(at),
        }
    return {
        "refund_id": did,
        "mall_id": shop,
        "buyer_uid": buyer,
        "reason_type": kind,
        "refund_status": status,
        "refund_amount": str(amount),
        "apply_time": _ms(at),
        "modify_time": _ms(at),
    }


def _violation(p, vid, shop, kind, action, at) -> dict:
    if p == "A":
        return {
            "violationId": vid,
            "shopId": shop,
            "violationType": kind,
            "action": action,
            "occurredAt": _iso(at),
            "updatedAt": _iso(at),
        }
    return {
        "punish_id": vid,
        "mall_id": shop,
        "punish_reason": kind,
        "punish_action": action,
        "punish_time": _ms(at),
        "modify_time": _ms(at),
    }


def ratings(seed: int, day: dt.date, scale: float = 1.0) -> list[dict]:
    reg = region(seed)
    rng = random.Random(f"{seed}:raters:{day.isoformat()}")
    out = []
    for i in range(_n(rng, 2, 10, scale)):
        e = rng.choice(reg.entities)
        out.append(
            {
                "ratingId": f"RT{day:%Y%m%d}{i:05d}",
                "agency": rng.choice(_AGENCIES),
                "creditCode": e.uscc,
                "entityName": e.name,
                "rating": rng.choices(RATING_SCALE, [2, 8, 20, 30, 20, 10, 5, 3, 2])[0],
                "outlook": rng.choice(_OUTLOOKS),
                "ratedOn": day.isoformat(),
                "validUntil": (day + dt.timedelta(days=365)).isoformat(),
                "_at": _iso(_at(rng, day)),
            }
        )
    return out


def complaints(seed: int, day: dt.date, scale: float = 1.0) -> list[dict]:
    reg = region(seed)
    rng = random.Random(f"{seed}:complaints_12312:{day.isoformat()}")
    out = []
    for i in range(_n(rng, 10, 30, scale)):
        e = pick_entity(rng, reg, 0.1)
        named = e.name if rng.random() < 0.7 else e.name.replace("有限公司", "")  # callers drop the suffix
        resident = rng.choice(reg.residents)
        at = _at(rng, day)
        out.append(
            {
                "complaintId": f"12312-{day:%Y%m%d}-{i:05d}",
                "receivedAt": _iso(at),
                "businessName": named,
                "businessCreditCode": e.uscc if rng.random() < 0.25 else None,
                "areaCode": e.division,
                "category": rng.choice(_COMPLAINT_CATEGORIES),
                "summary": "消费者反映商家未履行承诺",
                "consumerPhone": resident.phone,
                "status": rng.choice(_COMPLAINT_STATUS),
                "amount": round(rng.uniform(0, 5000), 2),
                "_at": _iso(at),
            }
        )
    return out + _refund_complaints(seed, day, len(out), scale)


def _refund_complaints(seed: int, day: dt.date, first: int, scale: float) -> list[dict]:
    """预付卡 refund complaints against the prepaid-card issuers (their own random stream, so the
    other complaints stay as they were): now and then one, and every day a few against the failing
    issuer (exchange.prepaid_issuers), who sells cards it will not honour."""
    rng = random.Random(f"{seed}:complaints_12312:prepaid:{day.isoformat()}")
    reg = region(seed)
    out = []
    for k, (_, e, _) in enumerate(prepaid_issuers(seed)):
        n = rng.randint(2, 4) if k == 0 else int(rng.random() < 0.15)
        for _ in range(round(n * scale)):
            at = _at(rng, day)
            out.append(
                {
                    "complaintId": f"12312-{day:%Y%m%d}-{first + len(out):05d}",
                    "receivedAt": _iso(at),
                    "businessName": e.name,
                    "businessCreditCode": e.uscc if rng.random() < 0.6 else None,
                    "areaCode": e.division,
                    "category": "预付卡",
                    "summary": "消费者反映预付卡无法退款",
                    "consumerPhone": rng.choice(reg.residents).phone,
                    # a refund refused is a complaint the hotline accepts
                    "status": rng.choice(_COMPLAINT_STATUS[:3]),
                    "amount": round(rng.uniform(200, 8000), 2),
                    "_at": _iso(at),
                }
            )
    return out


@lru_cache(maxsize=4)
def _household_companies(seed: int) -> tuple[tuple[str, str, str, str], ...]:
    reg = region(seed)
    picks = [e for e in reg.entities if e.uscc.startswith("91")][:30]
    return tuple(
        (f"HC{i:04d}", e.uscc, e.name.replace("有限公司", "家政服务有限公司"), e.division) for i, e in enumerate(picks)
    )


def household(seed: int, dataset: str, day: dt.date, scale: float = 1.0) -> list[dict]:
    rng = random.Random(f"{seed}:household:{dataset}:{day.isoformat()}")
    companies = _household_companies(seed)
    if dataset == "companies":
        out = []
        for cid, uscc, name, division in rng.sample(companies, min(len(companies), _n(rng, 1, 4, scale) or 1)):
            out.append(
                {
                    "companyId": cid,
                    "creditCode": uscc,
                    "name": name,
                    "areaCode": division,
                    "serviceTypes": ",".join(rng.sample(_SERVICES, 2)),
                    "registeredOn": "2022-03-01",
                    "status": "正常",
                    "updatedAt": _iso(_at(rng, day)),
                }
            )
        return out
    fake = Faker("zh_CN")
    fake.seed_instance(rng.randrange(2**31))
    out = []
    n = _n(rng, 5, 20, scale)
    # a day's feed names each changed worker once; the registry holds at least 100,000 workers
    for number in rng.sample(range(max(100_000, 2 * n)), n):
        cid, _, _, division = rng.choice(companies)
        checked = day - dt.timedelta(days=rng.randint(0, 400))
        wid = f"HW{number:06d}"
        idn = make_resident_id(random.Random(f"{seed}:{wid}"), division)
        out.append(
            {
                "workerId": wid,
                "name": fake.name(),
                "idNumber": idn,
                "phone": f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                "companyId": cid,
                "backgroundCheck": rng.choices(["通过", "待查", "未通过"], [90, 8, 2])[0],
                "trainingCertificates": ",".join(rng.sample(_CERTS, rng.randint(0, 2))),
                "healthCheckOn": checked.isoformat(),
                "healthValidUntil": (checked + dt.timedelta(days=365)).isoformat(),
                "insured": rng.choice(["是", "否"]),
                "ratingAvg": round(rng.uniform(3, 5), 1),
                "evaluations": rng.randint(0, 80),
                "complaints": rng.choices([0, 1, 2], [85, 12, 3])[0],
                "updatedAt": _iso(_at(rng, day)),
            }
        )
    return out
