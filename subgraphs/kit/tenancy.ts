// Rows that belong to a conference name it (db/migrations/007 enforces it in the database too): a caller bound to a
// conference creates in its own; a caller without one (an operator credential, tenant null) must say which.
import { badUserInput } from './errors.ts';
import { idArg } from './ids.ts';

/** The conference a new row belongs to: `input.conferenceId`, else the caller's; neither → BAD_USER_INPUT naming the field. */
export function requiredConference(
  input: Record<string, unknown>,
  ctx: { tenant: number | null },
  what: string,
  field = 'input.conferenceId',
): number {
  const conferenceId = idArg(field, input.conferenceId, true) ?? ctx.tenant ?? undefined;
  if (conferenceId === undefined) {
    throw badUserInput(
      field,
      `is required: a credential without a conference (operator) must name the conference the ${what} belongs to`,
    );
  }
  return conferenceId;
}
