<#-- pgmaint fleet summary as HTML: one row per database (docs/fleet.md); every value is escaped. -->
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>pgmaint fleet run at ${startedAt}</title>
<style>
body { font-family: sans-serif; margin: 1.5em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
td.n { text-align: right; }
tr.failed td { background: #fde2e2; }
tr.human td { background: #fff4d6; }
</style>
</head>
<body>
<h1>pgmaint fleet run at ${startedAt}</h1>
<p>${summary.databases} database(s) of ${summary.targets} target(s): ${summary.completed} completed, ${summary.failed} failed, ${summary.need_a_human} need a human; exit code ${summary.exit_code}.</p>
<table>
<thead><tr><th>target</th><th>database</th><th>status</th><th>actions done</th><th>actions failed</th><th>critical</th><th>warning</th><th>info</th><th>alerts</th><th>report</th></tr></thead>
<tbody>
<#list rows as r>
<tr class="<#if r.status == "failed">failed<#elseif r.exit_code != 0>human</#if>"><td>${r.target}</td><td>${r.database}</td><td>${r.status}<#if r.error?has_content>: ${r.error}</#if></td><td class="n">${r.actions_done}</td><td class="n">${r.actions_failed}</td><td class="n">${r.findings.critical}</td><td class="n">${r.findings.warning}</td><td class="n">${r.findings.info}</td><td class="n">${r.alerts}</td><td><#if r.report?has_content><a href="${r.href}">report</a></#if></td></tr>
</#list>
</tbody>
</table>
<#if skipped?has_content>
<h2>Not visited</h2>
<ul>
<#list skipped as s>
<li>${s.target} / ${s.database}: ${s.reason}</li>
</#list>
</ul>
</#if>
</body>
</html>
