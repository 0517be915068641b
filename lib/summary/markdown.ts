import type { CredentialRow } from '@/lib/nexthink/credentials';
import { summaryStatusWord, type Summary } from './build';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function rowsTable(rows: CredentialRow[]): string {
  const lines = ['| Field | Value |', '| --- | --- |'];
  for (const r of rows) lines.push(`| ${cell(r.label)} | ${r.value ? `\`${cell(r.value)}\`` : '—'}${r.note ? ` (${cell(r.note)})` : ''} |`);
  return lines.join('\n');
}

/** The summary as Markdown, for a ticket or a wiki page. Same values as the page; never a secret. */
export function summaryMarkdown(s: Summary): string {
  const out: string[] = [];
  out.push(`# ${s.title}`, '');
  out.push(`Tenant: ${s.tenant.display}${s.tenant.id && s.tenant.id !== s.tenant.display ? ` (${s.tenant.id})` : ''} · Cloud: ${s.cloud} · As of ${s.generatedAt}`, '');
  out.push('## 1. Connector credentials', '', `Nexthink: ${s.connectorCredentials.menus.join(' (newer releases: ')})`, '', rowsTable(s.connectorCredentials.rows), '');
  out.push('## 2. Inbound connector', '', `Nexthink: ${s.inboundConnector.menu}`, '', '### General tab', '', rowsTable(s.inboundConnector.general), '');
  out.push('### Field mapping tab (Common)', '', rowsTable(s.inboundConnector.fieldMapping), '');
  out.push('## 3. Workflows: set the Credentials drop-down', '');
  for (const i of s.thinklets.items) out.push(`- [ ] **${i.label}**: ${i.text}`);
  out.push('', '## Microsoft Graph permissions (Application)', '', '| Permission | Type | Needed by |', '| --- | --- | --- |');
  for (const p of s.permissions) out.push(`| ${p.permission} | ${p.type} | ${cell(p.neededBy.join(', '))} |`);
  out.push('', '## Validation', '', '| Step | Result | When |', '| --- | --- | --- |');
  for (const st of s.steps) out.push(`| ${st.number}. ${cell(st.title)} | ${summaryStatusWord(st.status)} | ${st.startedAt ?? '—'} |`);
  if (s.nexthinkRun) {
    const r = s.nexthinkRun;
    out.push('', '## Run in Nexthink', '', `${summaryStatusWord(r.status)}: ${r.workflow} for ${r.upn} on ${r.instance}, ${r.startedAt}. ${r.summary}`);
    if (r.execution) out.push('', `Nexthink recorded: status ${r.execution.status}${r.execution.statusDetails ? ` (${r.execution.statusDetails})` : ''}${r.execution.outcome ? `, outcome ${r.execution.outcome}${r.execution.outcomeDetails ? ` (${r.execution.outcomeDetails})` : ''}` : ''}.`);
  }
  out.push('', `Client secret: ${s.secret.text}. The secret itself is never part of this summary.`, '');
  if (s.monitoring) {
    const m = s.monitoring;
    const state = m.state === 'not-set-up' ? 'not set up' : m.state === 'off' ? 'schedule off' : `watched ${m.schedule ?? ''}`.trim();
    out.push(`Monitoring: ${state}; last live check ${m.lastCheck ?? 'never'}${m.openFindings.length > 0 ? `; open findings: ${m.openFindings.join(' ')}` : ''}.`, '');
  }
  return out.join('\n');
}
