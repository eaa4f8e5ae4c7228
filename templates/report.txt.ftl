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
Findings:  ${findingCounts.critical} critical, ${findingCounts.warning} warning, ${findingCounts.info} info<#if findingSummary.weak gt 0> (${findingSummary.weak} weak)</#if><#if findingSummary.reclaim?has_content>; up to ${findingSummary.reclaim} to reclaim</#if>
<#if findingSummary.belowMinSeverity gt 0>
           (listed: ${findingSummary.minSeverity} or worse; ${findingSummary.belowMinSeverity} below left out)
</#if>
Outcome:   ${run.outcome}<#if alerts?has_content> (${alerts?size} alert<#if alerts?size != 1>s</#if><#if files??>: see ${files.alert}</#if>)</#if>
<#if run.standby>
Standby:   yes: this server is a standby: maintenance runs on the primary (nothing planned or run here;
           only this server's own sessions were checked)
</#if>
<#if findingKinds?has_content>

SUMMARY BY KIND
--------------------------------------------------------------------------------
  ${"kind"?right_pad(28)}${"critical"?left_pad(9)}${"warning"?left_pad(9)}${"info"?left_pad(7)}${"weak"?left_pad(7)}${"reclaim"?left_pad(10)}  largest
<#list findingKinds as k>
  ${k.kind?right_pad(28)}${k.critical?c?left_pad(9)}${k.warning?c?left_pad(9)}${k.info?c?left_pad(7)}${k.weak?c?left_pad(7)}${k.reclaim?left_pad(10)}<#if k.largest?has_content>  ${k.largest} (${k.largestSize})</#if>
</#list>
</#if>
<#if !run.findingsOnly>

ACTIONS
--------------------------------------------------------------------------------
<#if actions?has_content>
<#list ["failed", "done", "skipped", "planned"] as status>
<#assign list = actionsByStatus[status]>
<#if list?has_content>
${status?upper_case} (${list?size}):
<#list actionGroupsByStatus[status] as g>
<#assign a = g.first>
<#if g.grouped>
  #${g.ids} ${a.kind} ${g.object}
      first:  ${a.object}<#if a.duration?has_content> (${a.duration})</#if>
<#else>
  #${a.id} ${a.kind} ${a.object}<#if a.duration?has_content> (${a.duration})</#if>
</#if>
      sql:    ${a.sql}<#if g.grouped> (one like it per partition)</#if>
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
<#if findingKinds?has_content>
<#list findingKinds as k>
${k.kind} (${k.count}: ${k.critical} critical, ${k.warning} warning, ${k.info} info<#if k.weak gt 0>; ${k.weak} weak</#if>)<#if k.reclaim?has_content>, up to ${k.reclaim} to reclaim</#if>:
<#list k.entries as f>
  [${f.severity}] <#if f.subject?has_content>${f.subject}: </#if>${f.message}<#if f.grouped> [partitions: ${f.partitionNames}]</#if><#if f.suggestion?has_content> => ${f.suggestion}<#if f.grouped> (one like it per partition)</#if></#if>
</#list>
<#if k.notShown gt 0>
  ... and ${k.notShown} more (see the JSON report<#if files??>: ${files.json}</#if>)
</#if>
<#if k.weakHidden gt 0>
  ${k.weakHidden} weak finding<#if k.weakHidden != 1>s</#if> counted, not listed (pgmaint report --weak lists them; the JSON report has them)
</#if>
</#list>
<#elseif findingSummary.belowMinSeverity gt 0>
No findings of severity ${findingSummary.minSeverity} or worse.
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
