export declare const POSTGRES_MISSING_MESSAGE: string;
export declare function findPostgresBin(): string | undefined;
export declare function ensurePostgres(options?: { install?: boolean }): string;
export declare function freePort(): Promise<number>;
export interface PostgresCluster {
  readonly port: number;
  readonly dataDir: string;
  readonly logFile: string;
  /** The superuser's URL to the `postgres` database. */
  readonly url: string;
  urlFor(database: string): string;
  start(): void;
  /** Stops as a failure would: no shutdown checkpoint, crash recovery on the next start. */
  crash(): void;
  /** Stops and deletes the cluster. */
  stop(): void;
}
export declare function startPostgres(options?: { bin?: string; port?: number }): Promise<PostgresCluster>;
export declare function createDatabase(cluster: PostgresCluster, name: string): Promise<string>;
