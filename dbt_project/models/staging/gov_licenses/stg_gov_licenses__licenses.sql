-- 行政许可（双公示）— administrative licences: one row per (decision_no), the latest batch wins.
{% set key = ['decision_no'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('gov_licenses', 'licenses') }}

),

renamed as (

    select
        subject_name,
        subject_name_key,
        subject_category,
        uscc,
        uscc_status,
        {{ usable_uscc() }} as usable_uscc,
        legal_rep_name,
        legal_rep_id_type,
        legal_rep_id_hash,
        legal_rep_id_masked,
        legal_rep_id_status,
        id_type,
        id_number_hash,
        id_number_masked,
        id_number_status,
        decision_doc_name,
        decision_no,
        license_category,
        certificate_name,
        license_no,
        license_content,
        decided_on,
        valid_from,
        valid_until,
        authority,
        authority_uscc,
        authority_uscc_status,
        status,
        data_source,
        data_source_uscc,
        data_source_uscc_status,
        remarks,
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
