-- 主体出现记录: every record by which a source showed a market entity with a valid USCC — the name
-- it used, the record (source, record_id) and the day the centre first held it (batch_date). Name history, "which
-- sources know it" and "known since" all come from here.
{#- (source, staging model, name, name key, record id, first day held[, which rows]): one line per
    dataset whose records name a market entity; a new source's sightings are a line here -#}
{%- set datasets = [
    ('gov_penalties', 'stg_gov_penalties__penalties', 'subject_name', 'subject_name_key', 'decision_no', 'first_published_on', "subject_type = 'entity' and usable_uscc is not null"),
    ('gov_licenses', 'stg_gov_licenses__licenses', 'subject_name', 'subject_name_key', 'decision_no', 'first_batch_date', none),
    ('gov_awards', 'stg_gov_awards__awards', 'subject_name', 'subject_name_key', 'award_id', 'first_batch_date', none),
    ('gov_lists', 'stg_gov_lists__list_entries', 'subject_name', 'subject_name_key', 'entry_id', 'first_batch_date', none),
    ('commitments', 'stg_commitments__commitments', 'subject_name', 'subject_name_key', 'commitment_id', 'first_batch_date', none),
    ('raters', 'stg_raters__ratings', 'entity_name', 'entity_name_key', 'rating_id', 'first_batch_date', none),
    ('household', 'stg_household__companies', 'name', 'name_key', 'company_id', 'first_batch_date', none),
    ('ecommerce', 'stg_ecommerce__shops', 'shop_name', 'shop_name_key', "platform || ':' || shop_id", 'first_batch_date', none),
    ('wholesale', 'stg_wholesale__merchants', 'merchant_name', 'merchant_name_key', "market_id || ':' || stall_no", 'first_batch_date', none),
    ('complaints_12312', 'stg_complaints_12312__complaints', 'business_name', 'business_name_key', 'complaint_id', 'first_batch_date', none),
    ('foreign_trade', 'stg_foreign_trade__trade_credit', 'subject_name', 'subject_name_key', 'record_id', 'first_batch_date', none),
    ('associations', 'stg_associations__member_records', 'subject_name', 'subject_name_key', 'record_id', 'first_batch_date', none),
    ('exhibitions', 'stg_exhibitions__exhibitions', 'subject_name', 'subject_name_key', 'exhibition_id', 'first_batch_date', none),
    ('exhibitions', 'stg_exhibitions__exhibitors', 'subject_name', 'subject_name_key', "exhibition_id || ':' || booth_no", 'first_batch_date', none),
    ('exhibitions', 'stg_exhibitions__complaints', 'subject_name', 'subject_name_key', 'complaint_id', 'first_batch_date', none),
    ('filed_trades', 'stg_filed_trades__filings', 'subject_name', 'subject_name_key', 'filing_no', 'first_batch_date', none),
    ('filed_trades', 'stg_filed_trades__prepaid_funds', 'subject_name', 'subject_name_key', "uscc || ':' || reported_on", 'first_batch_date', none),
] %}
with

sightings as (
    {%- for source, model, name, key, record_id, first_held, rows in datasets %}
    {%- if not loop.first %}

    union all
    {%- endif %}

    select
        uscc,
        {{ name }} as name,
        {{ key }} as name_key,
        '{{ source }}' as source,
        {{ record_id }} as record_id,
        {{ first_held }} as batch_date
    from {{ ref(model) }}
    where {{ rows or 'usable_uscc is not null' }}
    {%- endfor %}

)

select * from sightings
