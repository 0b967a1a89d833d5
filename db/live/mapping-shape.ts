// The shape of one live-migration mapping entry (db/live/mapping.ts assembles them).

export interface LiveMapping {
  /** The service table, schema-qualified. */
  target: string;
  /** Its key column: the legacy id is kept as the service id. */
  key: string;
  /** The legacy table (public.<source>, key column id). */
  source: string;
  /** FROM clause over the legacy tables; the source table's alias is x. */
  from: string;
  /** Service column → SQL expression over the FROM clause. */
  columns: Record<string, string>;
  /** Mapped only when the service table has the column (added by a later migration, e.g. 006's guide names). */
  optionalColumns?: Record<string, string>;
  /**
   * Rows to map again when another legacy table changes (their derived columns follow it): a predicate over the
   * mapping view (alias v) in which {ids} stands for the changed ids of `source`.
   */
  alsoWhen?: { source: string; predicate: string }[];
  /** Columns written when the row is inserted and never overwritten by an update (the services own them). */
  insertOnly?: string[];
  /** 'nothing': a derived row that is only ever inserted (never overwritten: the services own it afterwards). */
  onConflict?: 'update' | 'nothing';
  /** Columns that verify does not compare (set by the services themselves, or not carried back by reverse). */
  unverified?: string[];
  /** Not compared at all by verify (a derived row the services may legitimately lack or add). */
  derived?: boolean;
  /** Service rows that belong to the monolith mapping (alias t); others are the services' own (e.g. generated versions). */
  scope?: string;
  /** Reverse capture: legacy column → expression over the service row t. */
  reverse?: Record<string, string>;
  /**
   * Reverse capture: rows to map back again (upserted when in scope, deleted from the monolith when not) when
   * another service table changes: `where` over the monolith row (alias t) and `predicate` over the unmap view
   * (alias v), {ids} standing for the changed keys of `target`.
   */
  reverseAlsoWhen?: { target: string; where: string; predicate: string }[];
}
