-- Every current criterion answer for the dashboard: the machine's answer, the effective one (a reviewer's or a
-- granted dispute's, from the registered frame koe_effective_answers) and the evidence, first quote first.
with evidence as (
    select interaction_id, rubric_id, criterion_id,
           list({'seq': seq, 'offset_seconds': offset_seconds, 'quote': quote, 'matched': matched,
                 'detector_id': detector_id, 'negated': negated} order by seq nulls last) as evidence
    from qa.current_evidence group by all
), kinds as (select distinct rubric_id, version, kind from qa.rubric_versions)
select a.interaction_id, a.rubric_id, a.rubric_version, k.kind, a.section_id, a.criterion_id,
       a.answer as auto_answer, coalesce(h.answer, a.answer) as answer, coalesce(h.source, 'auto') as source,
       a.points as auto_points, a.max_points, a.weight, a.critical, a.reason,
       e.evidence, e.evidence[1].quote as evidence_text, e.evidence[1].seq as evidence_seq
from qa.current_answers a
join kinds k on k.rubric_id = a.rubric_id and k.version = a.rubric_version
left join koe_effective_answers h
       on h.interaction_id = a.interaction_id and h.rubric_id = a.rubric_id and h.criterion_id = a.criterion_id
left join evidence e
       on e.interaction_id = a.interaction_id and e.rubric_id = a.rubric_id and e.criterion_id = a.criterion_id
