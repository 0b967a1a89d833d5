import { badUserInput } from './errors.ts';

const INT_ID = /^[1-9]\d{0,15}$/;

/** An entity id as the integer primary key; null when it cannot be one (so lookups answer null, not an error). */
export function toKey(id: unknown): number | null {
  const text = typeof id === 'number' ? String(id) : id;
  if (typeof text !== 'string' || !INT_ID.test(text)) return null;
  const n = Number(text);
  return n <= 2_147_483_647 ? n : null;
}

/** A filter/input id: must be an integer id, else BAD_USER_INPUT naming the argument. */
export function idArg(argumentName: string, id: unknown): number;
export function idArg(argumentName: string, id: unknown, optional: true): number | undefined;
export function idArg(argumentName: string, id: unknown, optional?: boolean): number | undefined {
  if (id === undefined || id === null) {
    if (optional) return undefined;
    throw badUserInput(argumentName, 'is required');
  }
  const key = toKey(id);
  if (key === null) throw badUserInput(argumentName, `must be a positive integer id, got ${JSON.stringify(id)}`);
  return key;
}

/** Ids of rows are exposed as strings of the integer primary key. */
export const idOf = (n: number | bigint | string): string => String(n);
