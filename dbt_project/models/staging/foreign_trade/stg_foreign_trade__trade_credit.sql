-- 外贸信用 — the foreign-trade credit bulletin: one row per (record_id), the latest batch wins; each
-- department's result as one outcome code (docs/domain.md §5 "Foreign trade"; its points are the
-- seed score_event_points, event type foreign_trade).
{% set key = ['record_id'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('foreign_trade', 'trade_credit') }}

),

renamed as (

    select
        record_id,
        subject_name,
        subject_name_key,
        uscc,
        uscc_status,
        {{ usable_uscc() }} as usable_uscc,
        kind,
        result,
        case (kind || ':' || result)
            when '海关信用等级:高级认证企业' then 'customs_advanced'
            when '海关信用等级:其他注册登记和备案企业' then 'customs_general'
            when '海关信用等级:失信企业' then 'customs_dishonest'
            when '纳税信用等级:A' then 'tax_a'
            when '纳税信用等级:B' then 'tax_b'
            when '纳税信用等级:M' then 'tax_m'
            when '纳税信用等级:C' then 'tax_c'
            when '纳税信用等级:D' then 'tax_d'
            when '外汇管理分类:A类' then 'forex_a'
            when '外汇管理分类:B类' then 'forex_b'
            when '外汇管理分类:C类' then 'forex_c'
            when '对外投资合作不良行为:不良行为记录' then 'outbound_bad'
            when '外商投资信息报告:按时报送' then 'report_on_time'
            when '外商投资信息报告:逾期报送' then 'report_late'
            when '外商投资信息报告:未报送' then 'report_missing'
        end as outcome,
        assessed_on,
        valid_until,
        department,
        detail,
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file as source_file,
        _source_line as source_line
    from source

),

final as (

    {{ latest_version('renamed', key) }}

)

select * from final
