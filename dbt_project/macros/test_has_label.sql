{#- Every code in the column has its label in seed code_labels (domain `domain`): a code an official
    or the public could read is never shown bare, and adding a code is adding its row there. -#}
{% test has_label(model, column_name, domain) %}
select {{ column_name }} as code
from {{ model }}
where {{ column_name }} is not null
    and {{ column_name }} not in (
        select code from {{ ref('code_labels') }} where domain = '{{ domain }}'
    )
{% endtest %}
