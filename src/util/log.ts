// Structured logs (JSON lines via pino) for the long-running processes. The CLI never loads this.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(name: string, level = process.env.MINATO_LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, base: { pid: process.pid } }, pino.destination({ fd: 2, sync: false }));
}

/** A logger that drops everything, for unit tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
