/**
 * Argument parsing on node:util's parseArgs, strict, with one-line errors.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from './io';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  verbose: { type: 'boolean', short: 'v' },
  backend: { type: 'string' },
} as const satisfies Options;

type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

/**
 * Parse argv strictly. Values are loosely typed; commands read them through
 * the helpers below, which check them.
 */
export function parse(argv: readonly string[], options: Options, command: string): { values: Values; positionals: string[] } {
  try {
    const r = parseArgs({ args: [...argv], options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
    return { values: r.values as Values, positionals: r.positionals };
  } catch (e) {
    throw new UserError(`${command}: ${(e as Error).message.split('\n')[0]}`, 2);
  }
}

/** A number option, checked against a range. */
export function numberOption(value: string | undefined, name: string, fallback: number, min = -Infinity, max = Infinity): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new UserError(`--${name} must be a number between ${min} and ${max}, got ${JSON.stringify(value)}`, 2);
  return n;
}

/** One of a fixed set of words. */
export function choiceOption<T extends string>(value: string | undefined, name: string, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) throw new UserError(`--${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`, 2);
  return value as T;
}

/** A string option (undefined when absent). */
export function stringOption(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function flag(values: Values, name: string): boolean {
  return values[name] === true;
}
