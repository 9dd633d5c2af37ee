-- 预付卡资金存管 — the prepaid-card issuers' fund reports: one row per (uscc, reported_on), the latest
-- batch wins; the prepaid balance owed to card holders against the deposit held in escrow (docs/
-- domain.md §5 "Filed trades and prepaid cards").
{% set key = ['uscc', 'reported_on'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('filed_trades', 'prepaid_funds') }}

),

renamed as (

    select
        subject_name,
        subject_name_key,
        uscc,
        uscc_status,
        {{ usable_uscc() }} as usable_uscc,
        issuer_class,
        reported_on,
        prepaid_balance_yuan,
        escrow_deposit_yuan,
        escrow_bank,
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
