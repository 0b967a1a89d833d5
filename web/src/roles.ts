// What the signed-in credential may do, from `caller { roles }` (asked in each view's own request): a view shows only
// the controls its role allows; the server checks every write anyway, and its refusal is shown when it comes.
export function canSchedule(caller: { roles: readonly string[] } | null | undefined): boolean {
  return !!caller?.roles.includes('scheduler');
}
