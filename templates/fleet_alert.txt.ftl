<#-- pgmaint fleet alert: the databases of a run over several that need a human (docs/fleet.md). -->
PGMAINT FLEET ALERT: ${needHuman?size} of ${summary.databases} database(s) need a human (run at ${startedAt})
================================================================================
<#list needHuman as r>
${r?counter}. ${r.target} / ${r.database}: <#if r.error?has_content>${r.error}<#else>${r.alerts_to_send} new or worse alert(s) of ${r.alerts}, ${r.findings.critical} critical finding(s), ${r.actions_failed} failed action(s)</#if>
<#if r.folder?has_content>   see ${r.folder}/ (its alert file)</#if>
</#list>

Summary: ${files.text} (also ${files.html}, ${files.json})
