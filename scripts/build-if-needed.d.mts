export declare function buildIsStale(): boolean;
export declare function buildIfNeeded(options?: { force?: boolean }): void;
/** Copies .next/static and public into .next/standalone; false when the build is not standalone. */
export declare function prepareStandalone(): boolean;
