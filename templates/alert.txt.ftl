<#-- pgmaint alert: what needs a human, most urgent first. The model is documented in docs/reports.md. -->
PGMAINT ALERT: <#if run.database?has_content>database ${run.database}, </#if>${run.mode} run at ${run.startedAt}
================================================================================
<#if !run.reachable>
THE DATABASE COULD NOT BE REACHED. No maintenance was done.

</#if>
What to do first: ${alerts[0].firstStep}

<#list alerts as a>
${a?counter}. ${a.title}
   ${a.detail}
   Do: ${a.firstStep}

</#list>
<#if (alertedBefore!0) gt 0>
Left out: ${alertedBefore} finding(s) that need a human and were named by an earlier alert at the same or a higher
severity; they are still there and the report lists them (history.alerts: every_run names them every time).

</#if>
<#if run.reachable>
Full report: ${files.text} (also ${files.html}, ${files.json}); log: ${files.log}
<#elseif files.log??>
Log of the run: ${files.log}
</#if>
