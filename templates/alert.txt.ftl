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
<#if run.reachable>
Full report: ${files.text} (also ${files.html}, ${files.json}); log: ${files.log}
<#elseif files.log??>
Log of the run: ${files.log}
</#if>
