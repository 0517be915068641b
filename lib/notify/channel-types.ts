/** The channel kinds, for the server and the browser alike (no server-only imports here). */
export const channelTypes = ['email', 'teams', 'slack', 'webhook'] as const;
export type ChannelType = (typeof channelTypes)[number];

export const channelTypeWords: Record<ChannelType, string> = {
  email: 'Email',
  teams: 'Microsoft Teams (Workflows)',
  slack: 'Slack',
  webhook: 'Webhook (signed)',
};
