/** Parameter parsing for evaluator factories: numbers, strings, lists, team and slot sets, date ranges. */
import { dayNumber, resolveTeam } from '../model.ts';
import type { Mode } from './modes.ts';
import { type CompileContext, MASK_SLOTS } from './types.ts';

/** The `params` of a constraint spec, read with clear errors naming the constraint type and the parameter. */
export class ConstraintParams {
  constructor(
    readonly type: string,
    readonly raw: Record<string, unknown>,
  ) {}
  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null && this.raw[key] !== '';
  }
  num(key: string, fallback?: number): number {
    const v = this.raw[key];
    if (v === undefined || v === null || v === '') {
      if (fallback === undefined) throw new Error(`constraint ${this.type}: parameter '${key}' is required`);
      return fallback;
    }
    const x = Number(v);
    if (!Number.isFinite(x)) throw new Error(`constraint ${this.type}: parameter '${key}' must be a number`);
    return x;
  }
  str(key: string, fallback?: string): string {
    const v = this.raw[key];
    if (v === undefined || v === null || v === '') {
      if (fallback === undefined) throw new Error(`constraint ${this.type}: parameter '${key}' is required`);
      return fallback;
    }
    return String(v);
  }
  list(key: string): Array<string | number> | undefined {
    return parseList(this.raw[key]);
  }
}

export function parseList(v: unknown): Array<string | number> | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v as Array<string | number>;
  if (typeof v === 'number') return [v];
  return String(v)
    .split(/[;,]/)
    .map((x) => x.trim())
    .filter((x) => x !== '')
    .map((x) => (/^\d+$/.test(x) ? Number(x) : x));
}

/** Team mask from a parameter (absent → all teams; `team` singular accepted). */
export function teamMask(p: ConstraintParams, ctx: CompileContext, key = 'teams'): Uint8Array {
  const mask = new Uint8Array(ctx.n);
  const refs = p.list(key) ?? (key === 'teams' && p.has('team') ? p.list('team') : undefined);
  if (!refs) return mask.fill(1);
  for (const r of refs) mask[resolveTeam(ctx.teams, r)] = 1;
  return mask;
}

/** Slot mask (mask[s] === 1 when slot s is listed; reads past the end are undefined), or null = all slots. */
export function slotSet(p: ConstraintParams, key = 'slots'): Uint8Array | null {
  const refs = p.list(key);
  if (!refs) return null;
  const idx = refs.map((x) => Number(x));
  if (idx.some((x) => !Number.isInteger(x) || x < 0)) throw new Error(`parameter '${key}' must list slot indices`);
  const mask = new Uint8Array(Math.max(0, ...idx) + 1);
  for (const x of idx) mask[x] = 1;
  return mask;
}
/** Bits s of a slot mask (null: every slot < MASK_SLOTS) as a 32-bit integer. */
export function slotBits(slots: Uint8Array | null): number {
  if (slots === null) return -1;
  let bits = 0;
  for (let s = 0; s < Math.min(slots.length, MASK_SLOTS); s++) if (slots[s] === 1) bits |= 1 << s;
  return bits;
}

/** A range of days (inclusive) in which games of a mode count. */
export interface DayRange {
  from: number;
  to: number;
  mode: Mode;
}

/** Day ranges of an entry: `date`, `dates`, or `from`/`to` (inclusive). */
export function entryRanges(e: Record<string, unknown>, mode: Mode): DayRange[] {
  const out: DayRange[] = [];
  const one = (d: unknown) => {
    const x = dayNumber(String(d));
    out.push({ from: x, to: x, mode });
  };
  if (e.date !== undefined) one(e.date);
  if (Array.isArray(e.dates)) e.dates.forEach(one);
  const from = e.from ?? e.start_date ?? e.startDate;
  const to = e.to ?? e.end_date ?? e.endDate;
  if (from !== undefined || to !== undefined) {
    const f = dayNumber(String(from ?? to));
    const t = dayNumber(String(to ?? from));
    if (t < f) throw new Error(`range ${String(from)}..${String(to)} ends before it starts`);
    out.push({ from: f, to: t, mode });
  }
  if (out.length === 0) throw new Error('an entry needs date, dates or from/to');
  return out;
}
