-- 评分说明列表 — per entity, the as-of day's explanation lines (int_score_explained) as one list,
-- largest first: what entity_credit_profile shows. Written part by part (macros/explanation.sql):
-- this statement the first part, a post-hook each further part.
{%- set parts = explanation_list_parts() %}
{%- set hooks = [] %}
{%- for part in range(1, parts) %}
{%- do hooks.append('insert into {{ this }} {{ explanation_list_part(' ~ part ~ ', ' ~ parts ~ ') }}') %}
{%- endfor %}
{{ config(post_hook=hooks) }}

{{ explanation_list_part(0, parts) }}
