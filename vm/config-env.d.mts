/** vm/config.env as KEY → value (quotes removed). */
export function readConfigEnv(): Record<string, string>;
