<#-- pgmaint run report (plain text). The model is documented in docs/reports.md. -->
<#if run.findingsOnly>
pgmaint findings report: database ${run.database} (PostgreSQL ${run.serverVersion}), ${run.mode} checks
<#else>
pgmaint ${run.mode} maintenance report: database ${run.database} (PostgreSQL ${run.serverVersion})
</#if>
================================================================================
Started:   ${run.startedAt}
Finished:  ${run.finishedAt}
Duration:  ${run.duration}
<#if !run.findingsOnly>
Dry run:   ${run.dryRun?then("yes: nothing was changed", "no")}
Actions:   ${actionCounts.done} done, ${actionCounts.failed} failed, ${actionCounts.skipped} skipped, ${actionCounts.planned} not run
</#if>
Findings:  ${findingCounts.critical} critical, ${findingCounts.warning} warning, ${findingCounts.info} info
Outcome:   ${run.outcome}<#if alerts?has_content> (${alerts?size} alert<#if alerts?size != 1>s</#if><#if files??>: see ${files.alert}</#if>)</#if>
<#if run.standby>
Standby:   yes: this server is a standby: maintenance runs on the primary (nothing planned or run here;
           only this server's own sessions were checked)
</#if>
<#if !run.findingsOnly>

ACTIONS
--------------------------------------------------------------------------------
<#if actions?has_content>
<#list ["failed", "done", "skipped", "planned"] as status>
<#assign list = actionsByStatus[status]>
<#if list?has_content>
${status?upper_case} (${list?size}):
<#list list as a>
  #${a.id} ${a.kind} ${a.object}<#if a.duration?has_content> (${a.duration})</#if>
      sql:    ${a.sql}
      reason: ${a.reason}
<#if a.detail?has_content>
      detail: ${a.detail}
</#if>
</#list>
</#if>
</#list>
<#elseif run.standby>
No actions on a standby: maintenance runs on the primary.
<#else>
No maintenance actions were needed.
</#if>
</#if>

FINDINGS
--------------------------------------------------------------------------------
<#if findingGroups?has_content>
<#list findingGroups as g>
${g.severity?upper_case} ${g.kind} (${g.count}):
<#list g.findings as f>
  - <#if f.object?has_content>${f.object}: </#if>${f.message}
<#if f.suggestion?has_content>
      suggested: ${f.suggestion}
</#if>
</#list>
</#list>
<#else>
No findings.
</#if>
<#if skippedChecks?has_content || failedChecks?has_content || errors?has_content>

CHECKS NOT RUN AND ERRORS
--------------------------------------------------------------------------------
<#list failedChecks as c>
  FAILED  ${c.check}: ${c.reason}
</#list>
<#list skippedChecks as c>
  skipped ${c.check}: ${c.reason}
</#list>
<#list errors as e>
  ERROR   ${e}
</#list>
</#if>
<#list sections as s>

${s.title?upper_case}
--------------------------------------------------------------------------------
<#if s.rows?has_content>
  <#list s.columns as c>${c?left_pad(14)}  </#list>table
<#list s.rows as t>
  <#list t.values as v>${v?left_pad(14)}  </#list>${t.name}
</#list>
<#else>
${s.empty}
</#if>
</#list>
