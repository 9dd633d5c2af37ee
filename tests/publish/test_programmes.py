"""The industry associations, exhibitions, filed trades and prepaid cards over the region's days
(docs/domain.md §5 "Industry associations", "Exhibitions", "Filed trades and prepaid cards"): each
programme's records become credit events with their seed points, its marts count what the offices
sent, its warnings fire, and the officials' exports carry it in Chinese."""

from __future__ import annotations

import csv

from credit.core import config
from credit.publish import daily_exports
from tests.conftest import published


def test_association_records_score_in_their_own_component(region: config.Settings) -> None:
    """Market information: the association component is the association lines of the explanation,
    each named as the association's, and never in the public-credit component."""
    with published(region) as con:
        rows = con.execute(
            """select uscc, association_points,
                      coalesce(list_sum(list_transform(
                          list_filter(explanation, x -> x.event_type = 'association'), x -> x.points)), 0),
                      list_filter(explanation, x -> x.event_type = 'association' and x.kind = 'event')
               from marts.entity_credit_profile"""
        ).fetchall()
        points = dict(
            con.execute(
                "select outcome, points from reference.score_event_points where event_type = 'association'"
            ).fetchall()
        )
        components = {
            c
            for (c,) in con.execute(
                "select distinct component from reference.score_event_points where event_type = 'association'"
            ).fetchall()
        }
    assert components == {"association"}
    scored = [r for r in rows if r[1] != 0]
    assert scored, "no entity's score carries an association record"
    for uscc, component, lines, events in rows:
        assert abs(component - lines) < 0.2, f"{uscc}: component {component} != its association lines {lines}"
        assert all(e["detail"].startswith("商协会（市场信息）") for e in events)
    assert points["association_expelled"] < points["association_censure"] < points["association_warning"] < 0


def test_an_upheld_complaint_breaks_the_commitment_its_exhibitor_signed(region: config.Settings) -> None:
    with published(region) as con:
        events = con.execute(
            """select e.source_record_id, e.outcome, e.severity,
                      coalesce(bool_or(x.commitment_signed), false) as signed
               from marts.fct_credit_event e
               join staging.stg_exhibitions__complaints c on c.complaint_id = e.source_record_id
               left join staging.stg_exhibitions__exhibitors x
                 on x.exhibition_id = c.exhibition_id
                and (x.usable_uscc = c.usable_uscc or x.subject_name_key = c.subject_name_key)
               where e.event_type = 'exhibition'
               group by all"""
        ).fetchall()
        upheld = con.execute(
            "select count(*) from staging.stg_exhibitions__complaints where result = '投诉成立'"
        ).fetchone()[0]
    assert events and len(events) == upheld, "every upheld complaint is an event, and only those"
    for record, outcome, severity, signed in events:
        expected = ("exhibition_commitment_broken", "general") if signed else ("exhibition_complaint_upheld", "minor")
        assert (outcome, severity) == expected, record


def test_the_exhibition_credit_file_counts_what_the_office_sent(region: config.Settings) -> None:
    with published(region) as con:
        organised, attended, received, upheld, files = con.execute(
            """select sum(exhibitions_organised), sum(exhibitions_attended), sum(complaints_received),
                      sum(complaints_upheld), count(*) from marts.exhibition_credit_file"""
        ).fetchone()
        fairs, booths, complaints, sent_upheld = con.execute(
            """select (select count(*) from staging.stg_exhibitions__exhibitions),
                      (select count(distinct (exhibition_id, coalesce(usable_uscc, subject_name_key)))
                         from staging.stg_exhibitions__exhibitors),
                      (select count(*) from staging.stg_exhibitions__complaints),
                      (select count(*) from staging.stg_exhibitions__complaints where result = '投诉成立')"""
        ).fetchone()
        summary = con.execute(
            "select summary from marts.exhibition_credit_file where complaints_received > 0 limit 1"
        ).fetchone()
    assert fairs > 0 and (organised, attended, received, upheld) == (fairs, booths, complaints, sent_upheld)
    assert files > 0 and summary and "展会投诉" in summary[0]


def test_a_failed_annual_check_and_a_revoked_filing_are_bad_records(region: config.Settings) -> None:
    with published(region) as con:
        expected = set(
            con.execute(
                """select filing_no || ':' || check_year, 'annual_check_failed' from marts.filed_trade_register
                   where check_result = 'failed' and subject_key like '9%'
                   union all
                   select filing_no || ':revoked', 'filing_revoked' from marts.filed_trade_register
                   where status = 'revoked' and subject_key like '9%'"""
            ).fetchall()
        )
        found = set(
            con.execute(
                """select source_record_id, outcome from marts.fct_credit_event
                   where event_type = 'filed_trade' and outcome in ('annual_check_failed', 'filing_revoked')
                     and polarity = 'negative' and severity = 'general'"""
            ).fetchall()
        )
    assert expected and found == expected


def test_a_prepaid_issuer_short_of_its_deposit_is_warned(region: config.Settings) -> None:
    with published(region) as con:
        short = {
            u for (u,) in con.execute("select uscc from marts.prepaid_card_issuers where deposit_short").fetchall()
        }
        warned = {
            u
            for (u,) in con.execute(
                "select uscc from marts.early_warning where reason = 'prepaid_deposit_short'"
            ).fetchall()
        }
        required = con.execute(
            """select bool_and(abs(p.deposit_ratio_required - r.deposit_ratio) < 1e-9)
               from marts.prepaid_card_issuers p join reference.prepaid_deposit_ratios r using (issuer_class)"""
        ).fetchone()[0]
    assert short, "the simulator's failing issuer holds too little in escrow"
    assert short <= warned
    assert required


def test_refund_complaints_against_an_issuer_spike_into_a_warning(region: config.Settings) -> None:
    with published(region) as con:
        spikes = con.execute(
            """select w.uscc, w.evidence, p.refund_complaints_recent
               from marts.early_warning w join marts.prepaid_card_issuers p using (uscc)
               where w.reason = 'prepaid_refund_spike'"""
        ).fetchall()
        least = con.execute(
            "select value from reference.credit_parameters where parameter = 'warning_refund_min'"
        ).fetchone()[0]
    assert spikes, "the failing issuer's refund complaints raised no warning"
    assert all("预付卡退款投诉" in evidence for _, evidence, _ in spikes)
    assert max(recent for _, _, recent in spikes) >= least


def test_the_programmes_are_exported_in_chinese(region: config.Settings) -> None:
    folder = daily_exports.export_day(region)
    headers = {
        "exhibition_credit_files": {"统一社会信用代码", "档案摘要", "违反诚信参展承诺数"},
        "filed_trade_register": {"备案行业", "备案状态", "年检结果"},
        "prepaid_card_risk": {"预收资金余额（元）", "存管资金（元）", "存管不足"},
    }
    for name, expected in headers.items():
        with (folder / f"{name}.csv").open(encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
        assert rows, f"{name} is empty"
        assert set(rows[0]) >= expected
        assert (folder / f"{name}.xlsx").exists()
    with (folder / "filed_trade_register.csv").open(encoding="utf-8-sig") as fh:
        statuses = {r["备案状态"] for r in csv.DictReader(fh)}
    assert statuses <= {"正常", "已变更", "已注销", "已撤销"}


def test_the_summary_counts_every_programme(region: config.Settings) -> None:
    """The demo's summary shows each programme with what the warehouse holds of it."""
    from credit.warehouse import summary

    s = summary.summarise(region)
    text = summary.render(s)
    for line in (
        "foreign trade",
        "associations",
        "exhibitions",
        "filed trades",
        "prepaid cards",
        "objections",
        "corrections",
        "provincial push",
    ):
        assert f"\n  {line} " in text, line
    assert s["foreign_trade"][0] > 0 and s["associations"][0] > 0 and s["objections"][0] > 0
    assert s["exhibitions"][0] > 0 and s["exhibitions"][2] > 0
    assert s["filed_trades"][0] > 0 and s["prepaid"][0] > 0 and s["prepaid"][2] > 0
