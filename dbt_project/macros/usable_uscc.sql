{#- A USCC that can identify an entity (docs/domain.md §1.1): it passes GB 32100; an embedded
    organisation code that fails GB 11714 is reported, not held, so such a code is usable too. The
    statuses are the var usable_uscc_statuses (the gate's catalog has the same list, USABLE_USCC:
    tests/core/test_identifiers.py holds them together). Staging gives every record a `usable_uscc`
    column (the code, or null) and every later model reads that column. -#}
{% macro usable_uscc(code='uscc', status='uscc_status') -%}
    case when {{ status }} in ({%- for s in var('usable_uscc_statuses') %}'{{ s }}'{{ ', ' if not loop.last }}{% endfor -%}) then {{ code }} end
{%- endmacro %}
