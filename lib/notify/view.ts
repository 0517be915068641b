import 'server-only';
import type { Db } from '@/lib/db/connection';
import { env } from '@/lib/env';
import { listChannels, type ChannelView } from './channels';
import { listHistory, type HistoryEntry } from './history';
import { getThresholds } from './settings';

export type NotificationsView = {
  /** False when the server runs with NOTIFICATIONS=off. */
  enabled: boolean;
  /** Whether email channels can be added (SMTP_URL is set). */
  email: boolean;
  channels: ChannelView[];
  thresholds: number[];
  history: HistoryEntry[];
};

export async function notificationsView(db: Db, setupId: string): Promise<NotificationsView> {
  const [channels, thresholds, history] = await Promise.all([listChannels(db, setupId), getThresholds(db, setupId), listHistory(db, setupId)]);
  return { enabled: env().NOTIFICATIONS === 'on', email: !!env().SMTP_URL, channels, thresholds, history };
}
