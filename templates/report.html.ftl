<#-- pgmaint run report (HTML, no external assets). Every value is HTML-escaped automatically (*.html.ftl). -->
<#macro chart id rows valueName label>
<#-- one horizontal bar per row; barPct is the row's share of the largest, 1..100 -->
<svg id="${id}" class="chart" role="img" aria-label="${label}" xmlns="http://www.w3.org/2000/svg"
     width="760" height="${rows?size * 24 + 8}" viewBox="0 0 760 ${rows?size * 24 + 8}">
<#list rows as t>
  <g class="row" transform="translate(0 ${t?index * 24 + 4})">
    <text class="label" x="0" y="14">${t.name?truncate(40, "…")}</text>
    <rect class="bar ${id}" x="300" y="2" width="${t.barPct * 3.6}" height="16"><title>${t.name}: ${t[valueName]}</title></rect>
    <text class="value" x="${300 + t.barPct * 3.6 + 6}" y="14">${t[valueName]}</text>
  </g>
</#list>
</svg>
</#macro>
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>pgmaint <#if run.findingsOnly>findings<#else>${run.mode} maintenance</#if> report: ${run.database}</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1em 2em; color: #222; }
  h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #ccc; }
  table { border-collapse: collapse; width: 100%; margin: .5em 0; }
  th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
  th { background: #f3f3f3; } td.num { text-align: right; white-space: nowrap; }
  td { overflow-wrap: break-word; }
  /* names and SQL wrap between words; only a token longer than the cell (a long quoted name) breaks inside.
     "anywhere" lets a table squeeze the column to a letter, so these cells keep a width of their own */
  code { font: 12px ui-monospace, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
  td.object { overflow-wrap: anywhere; min-width: 8em; } td.sql { min-width: 16em; }
  .chart { max-width: 100%; height: auto; }
  .status-failed, .severity-critical { color: #b00020; font-weight: bold; }
  .status-done { color: #1b7f3b; } .status-skipped, .severity-warning { color: #a15c00; }
  .alerts { border: 2px solid #b00020; padding: .5em 1em; background: #fff4f4; }
  .ok { border: 2px solid #1b7f3b; padding: .5em 1em; background: #f3fff5; }
  .chart .label, .chart .value { font: 12px system-ui, sans-serif; fill: #222; }
  .chart rect.bar { fill: #4f81bd; }
  figure.trend { margin: .5em 0 1.5em; max-width: 100%; } figure.trend svg { display: block; width: 100%; height: auto; }
</style>
</head>
<body>
<h1>pgmaint <#if run.findingsOnly>findings<#else>${run.mode} maintenance</#if> report: ${run.database}</h1>
<table class="summary">
  <tr><th>Database</th><td>${run.database}</td><th>PostgreSQL</th><td>${run.serverVersion}</td></tr>
  <tr><th>Mode</th><td>${run.mode}</td><th>Dry run</th><td>${run.dryRun?then("yes: nothing was changed", "no")}</td></tr>
  <tr><th>Started</th><td>${run.startedAt}</td><th>Duration</th><td>${run.duration}</td></tr>
  <tr><th>Actions</th><td>${actionCounts.done} done, ${actionCounts.failed} failed, ${actionCounts.skipped} skipped, ${actionCounts.planned} not run</td>
      <th>Findings</th><td>${findingCounts.critical} critical, ${findingCounts.warning} warning, ${findingCounts.info} info</td></tr>
</table>
<#if files??>
<p class="files" id="files">Files of this run: <a href="${files.text}">${files.text}</a>, <a href="${files.json}">${files.json}</a><#if files.log??>, <a href="${files.log}">${files.log}</a></#if><#if alerts?has_content>, <a href="${files.alert}">${files.alert}</a></#if></p>
</#if>
<#if run.standby>
<p class="ok" id="standby">This server is a standby: maintenance runs on the primary. Nothing was planned or run here;
only this server's own sessions were checked.</p>
</#if>

<#if alerts?has_content>
<div class="alerts" id="alerts">
  <h2>Needs a human (${alerts?size})</h2>
  <ol>
  <#list alerts as a>
    <li><strong>${a.title}</strong><br>${a.detail}<br><em>Do:</em> <code>${a.firstStep}</code></li>
  </#list>
  </ol>
</div>
<#else>
<p class="ok" id="ok">Nothing needs a human.</p>
</#if>

<#if !run.findingsOnly>
<h2>Actions</h2>
<#if actions?has_content>
<table id="actions">
  <tr><th>#</th><th>Status</th><th>Kind</th><th>Object</th><th>Duration</th><th>Reason</th><th>SQL</th></tr>
  <#list ["failed", "done", "skipped", "planned"] as status>
  <#list actionGroupsByStatus[status] as g>
  <#assign a = g.first>
  <#if g.grouped>
  <tr class="action group"><td class="num">${g.ids}</td><td class="status-${a.status}">${a.status}</td><td>${a.kind}</td><td class="object">${g.object}</td>
      <td class="num"></td><td><details><summary>first ${a.object}: ${a.reason}</summary><ul class="members">
      <#list g.members as m><li>#${m.id} ${m.object}<#if m.duration?has_content> (${m.duration})</#if>: ${m.reason}<#if m.detail?has_content> <em>${m.detail}</em></#if></li></#list>
      </ul></details></td><td class="sql"><code>${a.sql}</code> (one like it per partition)</td></tr>
  <#else>
  <tr class="action"><td class="num">${a.id}</td><td class="status-${a.status}">${a.status}</td><td>${a.kind}</td><td class="object">${a.object}</td>
      <td class="num">${a.duration}</td><td>${a.reason}<#if a.detail?has_content><br><em>${a.detail}</em></#if></td><td class="sql"><code>${a.sql}</code></td></tr>
  </#if>
  </#list>
  </#list>
</table>
<#elseif run.standby>
<p>No actions on a standby: maintenance runs on the primary.</p>
<#else>
<p>No maintenance actions were needed.</p>
</#if>
</#if>

<h2>Findings</h2>
<#if findingKinds?has_content>
<table id="finding_summary">
  <tr><th>Kind</th><th>Critical</th><th>Warning</th><th>Info</th><th>Weak</th><th>To reclaim</th><th>Largest</th></tr>
  <#list findingKinds as k>
  <tr><td>${k.kind}</td><td class="num">${k.critical}</td><td class="num">${k.warning}</td><td class="num">${k.info}</td><td class="num">${k.weak}</td>
      <td class="num">${k.reclaim}</td><td class="object"><#if k.largest?has_content>${k.largest} (${k.largestSize})</#if></td></tr>
  </#list>
</table>
<#if findingSummary.reclaim?has_content><p>Up to ${findingSummary.reclaim} to reclaim if every suggestion is followed.</p></#if>
<#if findingSummary.belowMinSeverity gt 0><p>Listed: ${findingSummary.minSeverity} or worse; ${findingSummary.belowMinSeverity} findings below left out.</p></#if>
<table id="findings">
  <tr><th>Severity</th><th>Kind</th><th>Object</th><th>Message</th><th>Suggested SQL</th></tr>
  <#list findingKinds as k>
  <tr class="kind" id="kind-${k.kind}"><th colspan="5">${k.kind} (${k.count})</th></tr>
  <#list k.entries as f>
  <tr class="finding<#if f.grouped> group</#if>"><td class="severity-${f.severity}">${f.severity}</td><td>${f.kind}</td><td class="object">${f.object}</td>
      <td>${f.message}<#if f.grouped><br><em>partitions: ${f.partitionNames}</em></#if></td>
      <td class="sql"><#if f.suggestion?has_content><code>${f.suggestion}</code><#if f.grouped> (and one like it per partition)</#if></#if></td></tr>
  </#list>
  <#if k.notShown gt 0 || k.weakHidden gt 0>
  <tr class="more"><td colspan="5"><#if k.notShown gt 0>... and ${k.notShown} more (see the JSON report<#if files??>: <a href="${files.json}">${files.json}</a></#if>)</#if><#if k.weakHidden gt 0><#if k.notShown gt 0>; </#if>${k.weakHidden} weak counted, not listed (<code>--weak</code> lists them)</#if></td></tr>
  </#if>
  </#list>
</table>
<#elseif findingSummary.belowMinSeverity gt 0>
<p>No findings of severity ${findingSummary.minSeverity} or worse.</p>
<#else>
<p>No findings.</p>
</#if>

<#if skippedChecks?has_content || failedChecks?has_content || errors?has_content>
<h2>Checks not run and errors</h2>
<table id="checks">
  <tr><th>Check</th><th>Status</th><th>Why</th></tr>
  <#list failedChecks as c><tr><td>${c.check}</td><td class="status-failed">failed</td><td>${c.reason}</td></tr></#list>
  <#list skippedChecks as c><tr><td>${c.check}</td><td class="status-skipped">skipped</td><td>${c.reason}</td></tr></#list>
  <#list errors as e><tr><td></td><td class="status-failed">error</td><td>${e}</td></tr></#list>
</table>
</#if>

<#if trends??>
<h2 id="trends">Trends (last ${trends.window})</h2>
<#if trends.available>
<#list trends.charts as c>
<figure class="trend" id="figure_${c?index}">${c.svg}</figure>
</#list>
<#else>
<p class="trends-note">${trends.note}</p>
</#if>
</#if>
<#list sections as s>
<h2>${s.title}</h2>
<#if s.rows?has_content>
<@chart id=s.id rows=s.rows valueName="value" label=s.title/>
<table id="${s.id}_table">
  <tr><th>Table</th><#list s.columns as c><th>${c}</th></#list></tr>
  <#list s.rows as t><tr><td>${t.name}</td><#list t.values as v><td class="num">${v}</td></#list></tr></#list>
</table>
<#else>
<p>${s.empty}</p>
</#if>

</#list>
<p><small>Generated by pgmaint.</small></p>
</body>
</html>
