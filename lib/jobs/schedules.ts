import 'server-only';
import { registerNexthinkRunSchedule } from '@/lib/nexthink/workflow-run-schedules';
import { registerMonitorSchedules } from '@/lib/monitor/schedule';
import { registerNotifySchedules } from '@/lib/notify/schedule';
import { jobs } from './index';

let registered = false;

/** Every feature's schedules, registered once at server start (lib/startup.ts). Add yours here. */
export function registerSchedules(): void {
  if (registered) return;
  registered = true;
  registerNotifySchedules(jobs());
  registerNexthinkRunSchedule(jobs());
  registerMonitorSchedules(jobs());
}
