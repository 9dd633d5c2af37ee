{#- fct_credit_event's pre-hook in an incremental build: a record rewritten in this build that no
    longer makes an event (a rating whose USCC turned out invalid, a penalty whose types do not
    classify) loses the event it made before; every other rewritten record replaces its event by
    key. Which records can un-make their event, each event model declares in its YAML
    (`meta.records`: the staging model, and the source, dataset and record id its events are keyed
    on), so this macro knows no source by name. -#}
{% macro retract_unmade_events() -%}
    {%- if is_incremental() and execute -%}
        {%- set parts = [] -%}
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
        {%- if parts -%}
        delete from {{ this }} where event_id in ({{ parts | join(' union all ') }})
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
