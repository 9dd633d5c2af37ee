{#- fct_credit_event's pre-hook in an incremental build: a record rewritten in this build that no
    longer makes an event (a rating whose USCC turned out invalid, a penalty whose types do not
    classify) loses the event it made before; every other rewritten record replaces its event by
    key. Which records can un-make their event, each event model declares in its YAML
    (`meta.records`: the staging model, and the source, dataset and record id its events are keyed
    on), so this macro knows no source by name. -#}
{% macro retract_unmade_events() -%}
    {%- set rewritten = rewritten_record_event_ids() -%}
    {%- if is_incremental() and rewritten -%}
        delete from {{ this }} where event_id in ({{ rewritten }})
    {%- endif -%}
{%- endmacro %}

{#- The ids of the events the records rewritten in this build made or would make (a query; empty
    when no event model declares its records). -#}
{% macro rewritten_record_event_ids() -%}
    {%- set parts = [] -%}
    {%- if execute -%}
        {%- for model in var('credit_event_models') -%}
            {%- set records = graph.nodes['model.' ~ project_name ~ '.' ~ model].config.meta.get('records') -%}
            {%- if records -%}
                {%- set staged = graph.nodes['model.' ~ project_name ~ '.' ~ records.model].relation_name -%}
                {%- do parts.append(
                    "select md5('" ~ records.source ~ ":" ~ records.dataset ~ ":' || " ~ records.id ~ ") from "
                    ~ staged ~ " where _build_id = " ~ build_id()
                ) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return(parts | join(' union all ')) -}}
{%- endmacro %}

{#- int_score_event_facts' pre-hook in an incremental build: the facts of every event this build
    rewrote or retracted go; the model then adds the facts of the events fct_credit_event holds
    from this build. -#}
{% macro forget_rewritten_event_facts() -%}
    {%- if is_incremental() -%}
        {%- set rewritten = rewritten_record_event_ids() -%}
        delete from {{ this }}
        where event_id in (
            select event_id from {{ ref('fct_credit_event') }} where {{ written_in_this_build() }}
            {%- if rewritten %}
            union all
            {{ rewritten }}
            {%- endif %}
        )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
