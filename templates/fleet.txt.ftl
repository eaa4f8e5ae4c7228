<#-- pgmaint fleet summary: one row per database of a run over several databases (docs/fleet.md). -->
PGMAINT FLEET RUN at ${startedAt}: ${summary.databases} database(s) of ${summary.targets} target(s), ${summary.completed} completed, ${summary.failed} failed, ${summary.need_a_human} need a human (exit ${summary.exit_code})
================================================================================
<#list rows as r>
${r.target} / ${r.database}: ${r.status}<#if r.error?has_content> (exit ${r.exit_code}): ${r.error}<#else>; actions ${r.actions_planned} planned, ${r.actions_done} done, ${r.actions_failed} failed; findings <#list severities as s>${r.findings[s]} ${s}<#sep>, </#sep></#list>; alerts ${r.alerts}</#if><#if r.report?has_content>
    report: ${r.report}</#if>
</#list>
<#if skipped?has_content>

Not visited:
<#list skipped as s>
${s.target} / ${s.database}: ${s.reason}
</#list>
</#if>
