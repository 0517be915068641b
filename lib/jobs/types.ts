/** One tick of a schedule: `at` is when it fell due. */
export type Tick = { name: string; at: Date };
export type TickHandler = (tick: Tick) => Promise<void>;
export type Schedule = { name: string; cron: string; handler: TickHandler };

/** The engine behind `jobs()`: croner + rows on SQLite, pg-boss on PostgreSQL. */
export interface JobRunner {
  add(schedule: Schedule): Promise<void>;
  stop(): Promise<void>;
}
