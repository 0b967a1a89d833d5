// venue-management on its own over HTTP: venues, filters, availability with reasons, conflicts, Team.homeVenue.
import { describe, expect, it } from 'vitest';
import { type Data, firstError, KINDS, useSubgraph } from './support.ts';

for (const kind of KINDS) {
  describe(`venue-management subgraph (${kind})`, () => {
    const sub = useSubgraph(kind, 'venue-management');
    const q = sub.q;

    it('lists venues with pagination and filters', async () => {
      const res = await q(
        `query($mbb: ID, $fb: ID, $c: ID, $i: ID) {
          all: venues(limit: 10) { total totalPages nodes { name } }
          mbb: venues(sportId: $mbb) { total }
          byCode: venues(sportCode: "MBB") { total }
          fb: venues(sportId: $fb) { total }
          other: venues(conferenceId: $c) { total nodes { name conference { abbreviation } } }
          inst: venues(institutionId: $i) { nodes { name capacity type } }
        }`,
        { mbb: String(sub.fx.mbb), fb: String(sub.fx.fb), c: String(sub.fx.other), i: String(sub.fx.institutions[9]) },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.all).toMatchObject({ total: 18, totalPages: 2 });
      expect(res.data!.all.nodes).toHaveLength(10);
      expect(res.data!.mbb.total).toBe(18);
      expect(res.data!.byCode.total).toBe(18);
      expect(res.data!.fb.total).toBe(0);
      expect(res.data!.other.total).toBe(2);
      expect(res.data!.other.nodes[0].conference.abbreviation).toBe('MWC');
      expect(res.data!.inst.nodes).toEqual([{ name: 'Allen Fieldhouse', capacity: 15300, type: 'arena' }]);
    });

    it('resolves a venue with hours, configurations and day-by-day availability with reasons', async () => {
      const res = await q(
        `query($id: ID!) { venue(id: $id) {
          id name capacity city state institution { id }
          hours { dayOfWeek allowsGames }
          sportConfigurations { sport { code } isPrimary }
          unavailability(from: "2026-01-01", to: "2026-01-31") { startDate endDate unavailabilityType reason }
          conflicts(status: "open") { date conflictType description }
          availability(from: "2026-01-11", to: "2026-01-17") { date available reasons }
        } }`,
        { id: String(sub.fx.venues[9]) },
      );
      expect(res.errors).toBeUndefined();
      const v = res.data!.venue;
      expect(v).toMatchObject({
        name: 'Allen Fieldhouse',
        capacity: 15300,
        city: 'Lawrence',
        institution: { id: String(sub.fx.institutions[9]) },
      });
      expect(v.hours).toHaveLength(6);
      expect(v.sportConfigurations).toEqual([{ sport: { code: 'MBB' }, isPrimary: true }]);
      expect(v.unavailability).toEqual([
        {
          startDate: '2026-01-14',
          endDate: '2026-01-15',
          unavailabilityType: 'maintenance',
          reason: 'Floor refinishing',
        },
      ]);
      expect(v.conflicts).toEqual([
        { date: '2026-01-17', conflictType: 'double_booking', description: 'Commencement rehearsal' },
      ]);
      const byDate = Object.fromEntries(v.availability.map((d: Data) => [d.date, d]));
      expect(v.availability).toHaveLength(7);
      expect(byDate['2026-01-11']).toEqual({ date: '2026-01-11', available: false, reasons: ['no games on Sundays'] });
      expect(byDate['2026-01-12'].reasons).toEqual(['closed on Mondays']);
      expect(byDate['2026-01-13']).toMatchObject({ available: true, reasons: [] });
      expect(byDate['2026-01-14'].reasons).toEqual(['maintenance: Floor refinishing']);
      expect(byDate['2026-01-15'].available).toBe(false);
      expect(byDate['2026-01-16'].available).toBe(true);
      expect(byDate['2026-01-17'].reasons).toEqual(['booking conflict (double_booking): Commencement rehearsal']);
    });

    it('rejects bad availability ranges and arguments with BAD_USER_INPUT naming the argument', async () => {
      const id = String(sub.fx.venues[9]);
      const reversed = await q(
        `{ venue(id: "${id}") { availability(from: "2026-02-01", to: "2026-01-01") { date } } }`,
      );
      expect(firstError(reversed)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'to' });
      const tooLong = await q(`{ venue(id: "${id}") { availability(from: "2026-01-01", to: "2027-06-01") { date } } }`);
      expect(firstError(tooLong)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'to' });
      const badDate = await q(`{ venue(id: "${id}") { availability(from: "2026-01-32", to: "2026-02-01") { date } } }`);
      expect(firstError(badDate)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'from' });
      const badLimit = await q('{ venues(limit: 1000) { total } }');
      expect(firstError(badLimit)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'limit' });
    });

    it('answers null for unknown ids', async () => {
      const res = await q('{ venue(id: "424242") { id } bad: venue(id: "-3") { id } }');
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ venue: null, bad: null });
    });

    it('adds homeVenue and venues to Team, and resolves Venue references in key order', async () => {
      const res = await q(
        `query($r: [_Any!]!) { _entities(representations: $r) {
          ... on Team { id homeVenue { name capacity } venues { name } }
          ... on Venue { id name capacity }
        } }`,
        {
          r: [
            { __typename: 'Team', id: String(sub.fx.teams[9]) },
            { __typename: 'Venue', id: String(sub.fx.venues[0]) },
            { __typename: 'Venue', id: '999999' },
            { __typename: 'Team', id: String(sub.fx.teams[0]) },
          ],
        },
      );
      expect(res.errors).toBeUndefined();
      const [ku, venue, missing, az] = res.data!._entities;
      expect(ku).toEqual({
        id: String(sub.fx.teams[9]),
        homeVenue: { name: 'Allen Fieldhouse', capacity: 15300 },
        venues: [{ name: 'Allen Fieldhouse' }],
      });
      expect(venue).toEqual({ id: String(sub.fx.venues[0]), name: 'Arizona Arena', capacity: 10000 });
      expect(missing).toBeNull();
      expect(az.homeVenue.name).toBe('Arizona Arena');
    });

    it('creates, updates and deletes unavailability periods; resolves conflicts', async () => {
      const id = String(sub.fx.venues[2]);
      const create = `mutation($input: CreateUnavailabilityInput!) {
        createVenueUnavailability(input: $input) { id startDate endDate unavailabilityType reason venue { id } }
      }`;
      const created = await q(create, {
        input: {
          venueId: id,
          startDate: '2026-02-10',
          endDate: '2026-02-11',
          unavailabilityType: 'concert',
          reason: 'Tour',
        },
      });
      expect(created.errors).toBeUndefined();
      const p = created.data!.createVenueUnavailability;
      expect(p).toMatchObject({ startDate: '2026-02-10', unavailabilityType: 'concert', venue: { id } });
      const avail = await q(
        `{ venue(id: "${id}") { availability(from: "2026-02-10", to: "2026-02-12") { available reasons } } }`,
      );
      expect(avail.data!.venue.availability).toEqual([
        { available: false, reasons: ['concert: Tour'] },
        { available: false, reasons: ['concert: Tour'] },
        { available: true, reasons: [] },
      ]);
      const updated = await q(
        `mutation { updateVenueUnavailability(id: "${p.id}", input: { endDate: "2026-02-12" }) { endDate } }`,
      );
      expect(updated.data!.updateVenueUnavailability).toEqual({ endDate: '2026-02-12' });
      const backwards = await q(
        `mutation { updateVenueUnavailability(id: "${p.id}", input: { endDate: "2026-02-01" }) { id } }`,
      );
      expect(firstError(backwards)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.endDate' });
      const badType = await q(create, {
        input: { venueId: id, startDate: '2026-02-10', endDate: '2026-02-11', unavailabilityType: 'party' },
      });
      expect(firstError(badType)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.unavailabilityType' });
      const unknownVenue = await q(create, {
        input: { venueId: '99999', startDate: '2026-02-10', endDate: '2026-02-11' },
      });
      expect(firstError(unknownVenue)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.venueId' });
      expect((await q(`mutation { deleteVenueUnavailability(id: "${p.id}") }`)).data).toEqual({
        deleteVenueUnavailability: true,
      });
      expect((await q(`mutation { deleteVenueUnavailability(id: "${p.id}") }`)).data).toEqual({
        deleteVenueUnavailability: false,
      });

      const conflicts = await q('{ venueConflicts { nodes { id resolutionStatus } } }');
      const c = conflicts.data!.venueConflicts.nodes[0];
      const resolved = await q(
        `mutation { resolveBookingConflict(id: "${c.id}", status: "resolved") { resolutionStatus resolvedAt } }`,
      );
      expect(resolved.data!.resolveBookingConflict.resolutionStatus).toBe('resolved');
      expect(resolved.data!.resolveBookingConflict.resolvedAt).toEqual(expect.any(String));
      const reopened = await q(
        `mutation { resolveBookingConflict(id: "${c.id}", status: "open") { resolutionStatus resolvedAt } }`,
      );
      expect(reopened.data!.resolveBookingConflict).toEqual({ resolutionStatus: 'open', resolvedAt: null });
      const badStatus = await q(`mutation { resolveBookingConflict(id: "${c.id}", status: "maybe") { id } }`);
      expect(firstError(badStatus)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'status' });
    });

    it('filters conflicts and profiles by the tenant header (RLS)', async () => {
      const query = '{ venueConflicts { total } venue(id: "ID") { capacity } }';
      const id = String(sub.fx.venues[9]);
      const all = await q(query.replace('ID', id));
      const other = await q(query.replace('ID', id), undefined, { 'x-conference-id': String(sub.fx.other) });
      expect(all.data).toEqual({ venueConflicts: { total: 1 }, venue: { capacity: 15300 } });
      // the venue's identity is shared data; its Big 12 profile (capacity) and conflicts are not visible to MWC
      expect(other.data).toEqual({ venueConflicts: { total: 0 }, venue: { capacity: null } });
    });
  });
}
