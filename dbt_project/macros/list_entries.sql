{#- A list entry in force on `day`: entered by then, and not yet repaired, withdrawn or past its
    scheduled exit (docs/domain.md §5). marts.credit_list.is_active and the span rules of
    int_history_rules (which credit_list reads, so cannot read it back) both apply this one rule. -#}
{% macro list_entry_active(entry, day) -%}
    coalesce({{ entry }}.repaired_on, {{ entry }}.withdrawn_on, {{ entry }}.scheduled_exit_on, date '9999-12-31')
    > {{ day }}
    and {{ entry }}.entered_on <= {{ day }}
{%- endmacro %}
