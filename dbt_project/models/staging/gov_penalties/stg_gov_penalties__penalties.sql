-- 行政处罚 (双公示), one row per decision: the latest batch that carried a decision number wins,
-- so a bureau's corrected re-upload replaces the earlier version instead of doubling it.
-- first_published_on: the first batch day that carried it (the 双公示 publication day).
{% set key = ['decision_no'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('gov_penalties', 'penalties') }}

),

renamed as (

    select
        decision_no,
        subject_name,
        subject_name_key,
        subject_category,
        case when subject_category = '自然人' then 'person' else 'entity' end as subject_type,
        case when subject_category = '自然人' then id_number_hash else uscc end as subject_key,
        uscc,
        uscc_status,
        {{ usable_uscc() }} as usable_uscc,
        business_reg_no,
        org_code,
        tax_reg_no,
        institution_cert_no,
        social_org_reg_no,
        id_type,
        id_number_hash,
        id_number_masked,
        legal_rep_name,
        legal_rep_id_type,
        legal_rep_id_hash,
        legal_rep_id_masked,
        violation_type,
        violation_facts,
        legal_basis,
        penalty_types,
        penalty_content,
        cast(fine_wan as decimal(18, 4)) as fine_wan,
        cast(confiscated_wan as decimal(18, 4)) as confiscated_wan,
        license_affected,
        cast(decided_on as date) as decided_on,
        cast(valid_until as date) as valid_until,
        cast(publish_until_declared as date) as publish_until_declared,
        authority,
        authority_uscc,
        data_source,
        data_source_uscc,
        remarks,
        _batch_date as batch_date,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line
    from source

),

final as (

    {{ latest_version('renamed', key, first_seen='first_published_on') }}

)

select * from final
