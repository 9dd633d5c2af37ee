{#- fct_credit_event's pre-hook in an incremental build: a record rewritten in this build that no
    longer makes an event (a rating whose USCC turned out invalid, a penalty whose types do not
    classify) loses the event it made before; every other rewritten record replaces its event by
    key. -#}
{% macro retract_unmade_events() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where event_id in (
            select md5('raters:ratings:' || rating_id) from {{ ref('stg_raters__ratings') }}
            where _build_id = {{ build_id() }}
            union all
            select md5('gov_penalties:penalties:' || decision_no) from {{ ref('stg_gov_penalties__penalties') }}
            where _build_id = {{ build_id() }}
        )
    {%- endif -%}
{%- endmacro %}
