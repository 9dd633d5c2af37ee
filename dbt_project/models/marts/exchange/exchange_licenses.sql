-- 行政许可 for the provincial push (docs/architecture.md "The provincial push"): one row per
-- licence decision as last received, every field of the national layout (docs/domain.md §2) under
-- its lake name, identity numbers masked, and the day the centre received this version.
with

licenses as (

    select * from {{ ref('stg_gov_licenses__licenses') }}

),

final as (

    select
        decision_no,
        subject_name,
        subject_category,
        uscc,
        legal_rep_name,
        legal_rep_id_type,
        legal_rep_id_masked,
        id_type,
        id_number_masked,
        decision_doc_name,
        license_category,
        certificate_name,
        license_no,
        license_content,
        cast(decided_on as date) as decided_on,
        cast(valid_from as date) as valid_from,
        cast(valid_until as date) as valid_until,
        authority,
        authority_uscc,
        status,
        data_source,
        data_source_uscc,
        remarks,
        batch_date as received_on,
        case when batch_date = first_batch_date then 'new' else 'corrected' end as change_type
    from licenses

)

select * from final
