// The logger shape seeding, backup and the monolith generator accept: pino's (obj, msg) signature, so a pino
// logger can be passed as is; `silentLog` when nothing should be printed.

export interface Log {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
}

export const silentLog: Log = {
  info() {},
  warn() {},
};
