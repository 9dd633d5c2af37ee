-- 行政处罚 for the provincial push (docs/architecture.md "The provincial push"): one row per
-- decision as last received, every field of the national layout (docs/domain.md §2) under its lake
-- name, identity numbers masked, and the day the centre received this version.
with

penalties as (

    select * from {{ ref('int_penalties_classified') }}

),

final as (

    select
        decision_no,
        subject_name,
        subject_category,
        uscc,
        business_reg_no,
        org_code,
        tax_reg_no,
        institution_cert_no,
        social_org_reg_no,
        legal_rep_name,
        legal_rep_id_type,
        legal_rep_id_masked,
        id_type,
        id_number_masked,
        violation_type,
        violation_facts,
        legal_basis,
        penalty_types,
        penalty_content,
        fine_wan,
        confiscated_wan,
        license_affected,
        decided_on,
        valid_until,
        publish_until,
        authority,
        authority_uscc,
        data_source,
        data_source_uscc,
        remarks,
        batch_date as received_on,
        case when batch_date = first_published_on then 'new' else 'corrected' end as change_type
    from penalties

)

select * from final
