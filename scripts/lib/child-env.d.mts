export declare function childEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
