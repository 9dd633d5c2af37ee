-- 行政许可（双公示）— administrative licences: one row per (decision_no), the latest batch wins.
with

source as (

    select * from {{ source('gov_licenses', 'licenses') }}

),

deduplicated as (

    {{ latest_per_key('source', ['decision_no']) }}

),

final as (

    select
        subject_name,
        subject_name_key,
        subject_category,
        uscc,
        uscc_status,
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
        _first_batch_date as first_published_on,
        _first_batch_date as first_batch_date,
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file || ':' || _source_line as source_location
    from deduplicated

)

select * from final
