export function bindRefusal(bind: string, wizardAuth: string | undefined): string | undefined;
export function isLoopback(host: string): boolean;
