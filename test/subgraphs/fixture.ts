// The subgraph suites' fixture: a small Big 12-like data set (conference, teams, venues, blackouts, schedules with
// games) inserted through Drizzle as the owner, with the ids the suites look things up by.
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/index.ts';
import * as s from '../../db/schema/index.ts';

export interface Fixture {
  big12: number;
  other: number;
  mbb: number;
  fb: number;
  season: number;
  oldSeason: number;
  /** Big 12 MBB team ids (16), then the other conference's teams (2). */
  teams: number[];
  otherTeams: number[];
  institutions: number[];
  /** venue of each Big 12 team's institution (same order as teams). */
  venues: number[];
  schedule10: number;
  schedule150: number;
  otherSchedule: number;
  templates: number[];
}

const NAMES = [
  ['Arizona', 'ARIZ', 'Tucson', 'AZ'],
  ['Arizona State', 'ASU', 'Tempe', 'AZ'],
  ['Baylor', 'BAY', 'Waco', 'TX'],
  ['BYU', 'BYU', 'Provo', 'UT'],
  ['UCF', 'UCF', 'Orlando', 'FL'],
  ['Cincinnati', 'CIN', 'Cincinnati', 'OH'],
  ['Colorado', 'COLO', 'Boulder', 'CO'],
  ['Houston', 'HOU', 'Houston', 'TX'],
  ['Iowa State', 'ISU', 'Ames', 'IA'],
  ['Kansas', 'KU', 'Lawrence', 'KS'],
  ['Kansas State', 'KSU', 'Manhattan', 'KS'],
  ['Oklahoma State', 'OSU', 'Stillwater', 'OK'],
  ['TCU', 'TCU', 'Fort Worth', 'TX'],
  ['Texas Tech', 'TTU', 'Lubbock', 'TX'],
  ['Utah', 'UTAH', 'Salt Lake City', 'UT'],
  ['West Virginia', 'WVU', 'Morgantown', 'WV'],
] as const;

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Inserts the fixture as the migration owner (Drizzle inserts). */
export async function insertFixture(db: Database): Promise<Fixture> {
  return db.admin(async (tx) => {
    const [big12] = await tx
      .insert(s.conferences)
      .values({ name: 'Big 12 Conference', abbreviation: 'Big 12', region: 'Central' })
      .returning();
    const [other] = await tx
      .insert(s.conferences)
      .values({ name: 'Mountain West Conference', abbreviation: 'MWC', region: 'West' })
      .returning();
    const [mbb] = await tx
      .insert(s.sports)
      .values({ sportName: "Men's Basketball", sportCode: 'MBB', gender: 'M', seasonType: 'winter' })
      .returning();
    const [fb] = await tx
      .insert(s.sports)
      .values({ sportName: 'Football', sportCode: 'FB', gender: 'M', seasonType: 'fall' })
      .returning();
    const [season] = await tx
      .insert(s.seasons)
      .values({
        seasonName: '2025-26',
        startYear: 2025,
        endYear: 2026,
        startDate: '2025-07-01',
        endDate: '2026-06-30',
        isCurrent: true,
      })
      .returning();
    const [oldSeason] = await tx
      .insert(s.seasons)
      .values({ seasonName: '2024-25', startYear: 2024, endYear: 2025, startDate: '2024-07-01', endDate: '2025-06-30' })
      .returning();

    const insts = await tx
      .insert(s.institutions)
      .values([
        ...NAMES.map(([name, abbr, city, state], i) => ({
          name: name === 'BYU' ? 'Brigham Young University' : `${name} University ${i}`,
          shortName: name,
          abbreviation: abbr,
          city,
          state,
          latitude: 30 + i,
          longitude: -100 + i,
          conferenceId: big12!.conferenceId,
        })),
        {
          name: 'San Diego State University',
          shortName: 'San Diego State',
          abbreviation: 'SDSU',
          conferenceId: other!.conferenceId,
        },
        {
          name: 'Boise State University',
          shortName: 'Boise State',
          abbreviation: 'BSU',
          conferenceId: other!.conferenceId,
        },
      ])
      .returning();
    const teamRows = await tx
      .insert(s.teams)
      .values(
        insts.map((inst) => ({
          institutionId: inst.institutionId,
          sportId: mbb!.sportId,
          conferenceId: inst.conferenceId,
          name: `${inst.shortName} Men's Basketball`,
          abbreviation: inst.abbreviation,
        })),
      )
      .returning();
    const fbTeam = await tx
      .insert(s.teams)
      .values({
        institutionId: insts[9]!.institutionId,
        sportId: fb!.sportId,
        conferenceId: big12!.conferenceId,
        name: 'Kansas Football',
        abbreviation: 'KU',
      })
      .returning();
    void fbTeam;
    const venueRows = await tx
      .insert(s.venues)
      .values(
        insts.map((inst, i) => ({
          institutionId: inst.institutionId,
          conferenceId: inst.conferenceId,
          name: i === 9 ? 'Allen Fieldhouse' : `${inst.shortName} Arena`,
        })),
      )
      .returning();
    await tx.insert(s.venueProfiles).values(
      venueRows.map((v, i) => ({
        venueId: v.venueId,
        conferenceId: v.conferenceId,
        venueType: 'arena',
        capacity: i === 9 ? 15300 : 10000 + i * 100,
        city: insts[i]!.city,
        state: insts[i]!.state,
      })),
    );
    await tx.insert(s.venueSportConfigurations).values(
      venueRows.map((v) => ({
        venueId: v.venueId,
        sportId: mbb!.sportId,
        conferenceId: v.conferenceId,
        isPrimary: true,
      })),
    );
    // Allen Fieldhouse: closed on Mondays (no hours row), no games on Sundays, a maintenance week, one open conflict.
    const af = venueRows[9]!;
    await tx.insert(s.venueOperationalHours).values(
      [0, 2, 3, 4, 5, 6].map((d) => ({
        venueId: af.venueId,
        conferenceId: af.conferenceId,
        dayOfWeek: d,
        openTime: '08:00',
        closeTime: '23:00',
        allowsGames: d !== 0,
      })),
    );
    await tx.insert(s.venueUnavailabilityPeriods).values({
      venueId: af.venueId,
      conferenceId: af.conferenceId,
      startDate: '2026-01-14',
      endDate: '2026-01-15',
      unavailabilityType: 'maintenance',
      reason: 'Floor refinishing',
    });
    await tx.insert(s.venueBookingConflicts).values({
      venueId: af.venueId,
      conferenceId: af.conferenceId,
      conflictDate: '2026-01-17',
      conflictType: 'double_booking',
      description: 'Commencement rehearsal',
    });

    const big12Teams = teamRows.filter((t) => t.conferenceId === big12!.conferenceId);
    const otherTeams = teamRows.filter((t) => t.conferenceId === other!.conferenceId);
    await tx.insert(s.teamBlackoutDates).values(
      teamRows.flatMap((t, i) => [
        {
          teamId: t.teamId,
          seasonId: season!.seasonId,
          conferenceId: t.conferenceId,
          startDate: '2025-12-08',
          endDate: '2025-12-12',
          blackoutType: 'exam',
          severity: 'hard',
          reason: 'Finals week',
        },
        {
          teamId: t.teamId,
          seasonId: season!.seasonId,
          conferenceId: t.conferenceId,
          startDate: addDays('2026-01-01', i),
          endDate: addDays('2026-01-01', i),
          blackoutType: 'other',
          severity: 'soft',
          reason: `Soft date ${i}`,
        },
      ]),
    );
    await tx.insert(s.teamSchedulingProfiles).values(
      teamRows.map((t) => ({
        teamId: t.teamId,
        seasonId: season!.seasonId,
        sportId: mbb!.sportId,
        conferenceId: t.conferenceId,
        maxGamesPerWeek: 2,
      })),
    );

    const sched = async (name: string, conferenceId: number, pairs: [number, number][]) => {
      const [row] = await tx
        .insert(s.schedules)
        .values({ name, sportId: mbb!.sportId, seasonId: season!.seasonId, conferenceId, status: 'draft' })
        .returning();
      if (pairs.length > 0) {
        await tx.insert(s.games).values(
          pairs.map(([h, a], i) => ({
            scheduleId: row!.scheduleId,
            conferenceId,
            homeTeamId: teamRows[h]!.teamId,
            awayTeamId: teamRows[a]!.teamId,
            venueId: venueRows[h]!.venueId,
            gameDate: addDays('2026-01-03', Math.floor(i / 8) * 3),
            slot: Math.floor(i / 8) + 1,
          })),
        );
      }
      return row!.scheduleId;
    };
    const allPairs: [number, number][] = [];
    for (let h = 0; h < 16; h++) for (let a = 0; a < 16; a++) if (h !== a) allPairs.push([h, a]);
    const schedule10 = await sched('2025-26 Big 12 MBB (draft A)', big12!.conferenceId, allPairs.slice(0, 10));
    const schedule150 = await sched('2025-26 Big 12 MBB (full)', big12!.conferenceId, allPairs.slice(0, 150));
    const otherSchedule = await sched('2025-26 MWC MBB', other!.conferenceId, [[16, 17]]);

    const [category] = await tx.select().from(s.constraintCategories).limit(1);
    const templates = await tx
      .insert(s.constraintTemplates)
      .values([
        {
          categoryId: category!.categoryId,
          templateName: 'Max consecutive away games (test)',
          constraintType: 'hard',
          validationLogic: { type: 'max_consecutive_away' },
          parameterSchema: { type: 'object', properties: { max: { type: 'integer' } } },
        },
        {
          categoryId: category!.categoryId,
          templateName: 'Rematch separation (test)',
          constraintType: 'soft',
          defaultWeight: 2,
          validationLogic: { type: 'rematch_separation' },
          parameterSchema: { type: 'object' },
          sportId: mbb!.sportId,
        },
      ])
      .returning();
    const evals = await tx
      .insert(s.scheduleConstraintEvaluations)
      .values([
        {
          constraintId: templates[0]!.templateId,
          scheduleId: schedule10,
          conferenceId: big12!.conferenceId,
          validationStatus: 'failed',
          violationCount: 2,
          score: 20,
        },
        {
          constraintId: templates[1]!.templateId,
          scheduleId: schedule10,
          conferenceId: big12!.conferenceId,
          validationStatus: 'passed',
          violationCount: 0,
          score: 0,
        },
      ])
      .returning();
    const firstGame = await tx.select().from(s.games).where(eqSchedule(schedule10)).limit(1);
    await tx.insert(s.constraintViolationLogs).values([
      {
        evaluationId: evals[0]!.evaluationId,
        scheduleId: schedule10,
        constraintId: templates[0]!.templateId,
        conferenceId: big12!.conferenceId,
        gameId: firstGame[0]!.gameId,
        severity: 'hard',
        message: 'Arizona plays 4 consecutive away games',
      },
      {
        evaluationId: evals[0]!.evaluationId,
        scheduleId: schedule10,
        constraintId: templates[0]!.templateId,
        conferenceId: big12!.conferenceId,
        severity: 'hard',
        message: 'Baylor plays 4 consecutive away games',
        isResolved: true,
      },
    ]);
    const [defaultProfile] = await tx
      .insert(s.constraintProfiles)
      .values({
        profileName: 'Big 12 MBB default',
        sportId: mbb!.sportId,
        conferenceId: big12!.conferenceId,
        isDefault: true,
      })
      .returning();
    await tx.insert(s.constraintProfiles).values({
      profileName: 'BYU: no Sunday play',
      sportId: mbb!.sportId,
      conferenceId: big12!.conferenceId,
      teamId: big12Teams[3]!.teamId,
    });
    await tx.insert(s.constraintEnforcementPolicies).values({
      profileId: defaultProfile!.profileId,
      templateId: templates[0]!.templateId,
      conferenceId: big12!.conferenceId,
      parameters: { max: 2 },
    });

    return {
      big12: big12!.conferenceId,
      other: other!.conferenceId,
      mbb: mbb!.sportId,
      fb: fb!.sportId,
      season: season!.seasonId,
      oldSeason: oldSeason!.seasonId,
      teams: big12Teams.map((t) => t.teamId),
      otherTeams: otherTeams.map((t) => t.teamId),
      institutions: insts.map((i) => i.institutionId),
      venues: venueRows.slice(0, 16).map((v) => v.venueId),
      schedule10,
      schedule150,
      otherSchedule,
      templates: templates.map((t) => t.templateId),
    };
  });
}

const eqSchedule = (id: number) => eq(s.games.scheduleId, id);
