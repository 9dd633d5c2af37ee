{{
    config(
        materialized='incremental',
        unique_key='event_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        pre_hook="{{ retract_unmade_events() }}"
    )
}}
-- 信用事件 — one row per credit-relevant fact from every source, in one shape: its subject (an
-- entity by USCC, a person by keyed hash, or an unresolved shop/stall/name), when it happened,
-- when the centre first knew it, the window in which it counts, the points it carries at the start
-- of that window (seed score_event_points; how a fact moves the score is applied downstream), and
-- the raw record it came from (source, dataset, record id, batch, file:line or API request).
-- Each source's events are its own model (models/intermediate/events/, listed in the var
-- credit_event_models); this model unions them (macro union_credit_events, macros/credit_events.sql,
-- which also says how an incremental build rewrites exactly the events it touched).
{{ union_credit_events(var('credit_event_models')) }}
