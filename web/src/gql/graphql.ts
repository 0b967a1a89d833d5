/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type BlackoutSeverity =
  /** Never schedule a game on these dates. */
  | 'HARD'
  /** A wish, weighed lightly. */
  | 'PREFERENCE'
  /** Avoid these dates; a violation costs its weight. */
  | 'SOFT';

export type CreateBlackoutInput = {
  blackoutType?: string | null | undefined;
  endDate: string;
  reason?: string | null | undefined;
  seasonId?: string | number | null | undefined;
  severity?: BlackoutSeverity | null | undefined;
  startDate: string;
  teamId: string | number;
};

export type ScheduleStatus =
  | 'ARCHIVED'
  | 'DRAFT'
  | 'GENERATING'
  | 'PUBLISHED'
  | 'REVIEW';

/** A generation: generate a schedule, or (scheduleId) optimise one into a new version of it. */
export type StartGenerationInput = {
  /** Default: the default algorithm (recorded on the generation). */
  algorithmId?: string | number | null | undefined;
  conferenceId?: string | number | null | undefined;
  name: string;
  objectives?: unknown;
  /** Generation parameters (names listed in the error when one is unknown). */
  parameters?: unknown;
  requestedBy?: string | null | undefined;
  /** Optimise this schedule: start from its current games (locked ones kept), store the result as its new version. An empty schedule is generated into. */
  scheduleId?: string | number | null | undefined;
  seasonId?: string | number | null | undefined;
  /** Required unless scheduleId is given (then it is the schedule's). */
  sportId?: string | number | null | undefined;
  /** Time limit of the whole run, seconds (default: the algorithm's, else 20); same as parameters.seconds. */
  timeLimitSeconds?: number | null | undefined;
};

export type ViolationSeverity =
  | 'HARD'
  | 'INFO'
  | 'SOFT';

export type CompareChoicesQueryVariables = Exact<{ [key: string]: never; }>;


export type CompareChoicesQuery = { schedules: { nodes: Array<{ id: string, name: string, currentVersion: { id: string } | null, versions: Array<{ id: string, versionNumber: number, source: string }> }> } };

export type VersionGamesQueryVariables = Exact<{
  scheduleA: string | number;
  versionA: string | number;
  scheduleB: string | number;
  versionB: string | number;
}>;


export type VersionGamesQuery = { a: { games: Array<{ id: string, date: string, locked: boolean, home: { id: string, name: string }, away: { id: string, name: string } }> } | null, b: { games: Array<{ id: string, date: string, locked: boolean, home: { id: string, name: string }, away: { id: string, name: string } }> } | null };

export type CompareMetricsMutationVariables = Exact<{
  a: string | number;
  b: string | number;
}>;


export type CompareMetricsMutation = { compareScheduleVersions: { a: { travelMiles: number, hardViolations: number, softPenalty: number, maxHomeAwayImbalance: number }, b: { travelMiles: number, hardViolations: number, softPenalty: number, maxHomeAwayImbalance: number } } };

export type GenerateChoicesQueryVariables = Exact<{
  scheduleId: string | number;
  optimise: boolean;
}>;


export type GenerateChoicesQuery = { sports: Array<{ id: string, name: string, code: string }>, seasons: Array<{ id: string, name: string, isCurrent: boolean }>, constraintProfiles: { nodes: Array<{ id: string, name: string, isDefault: boolean, sport: { id: string } | null, season: { id: string } | null, team: { id: string } | null }> }, schedule?: { id: string, name: string, sport: { id: string, name: string }, season: { id: string, name: string }, currentVersion: { id: string, versionNumber: number } | null, games: Array<{ id: string, locked: boolean }> } | null };

export type StartGenerationMutationVariables = Exact<{
  input: StartGenerationInput;
}>;


export type StartGenerationMutation = { startGeneration: { id: string, status: string } };

export type CancelGenerationMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelGenerationMutation = { cancelGeneration: { id: string, status: string } | null };

export type ScheduleGridQueryVariables = Exact<{
  id: string | number;
}>;


export type ScheduleGridQuery = { schedule: { id: string, name: string, status: ScheduleStatus, gameCount: number, sport: { name: string }, season: { name: string }, evaluation: { status: string, hardViolations: number, softViolations: number, evaluatedAt: string } | null, violations: Array<{ id: string, severity: ViolationSeverity, message: string, template: { name: string } | null, game: { id: string } | null }>, games: Array<{ id: string, date: string, startTime: string | null, locked: boolean, home: { id: string, name: string, abbreviation: string }, away: { id: string, name: string, abbreviation: string }, venue: { name: string, city: string | null } | null }> } | null };

export type EvaluateScheduleMutationVariables = Exact<{
  id: string | number;
}>;


export type EvaluateScheduleMutation = { validateSchedule: { stored: boolean } };

export type SetGameLockMutationVariables = Exact<{
  id: string | number;
  locked: boolean;
}>;


export type SetGameLockMutation = { updateGame: { id: string, locked: boolean } | null };

export type SchedulesPageQueryVariables = Exact<{
  sportId?: string | number | null | undefined;
  seasonId?: string | number | null | undefined;
  conferenceId?: string | number | null | undefined;
  status?: ScheduleStatus | null | undefined;
}>;


export type SchedulesPageQuery = { sports: Array<{ id: string, name: string, code: string }>, seasons: Array<{ id: string, name: string }>, conferences: Array<{ id: string, name: string }>, schedules: { total: number, nodes: Array<{ id: string, name: string, status: ScheduleStatus, gameCount: number, updatedAt: string, sport: { code: string, name: string }, season: { name: string }, conference: { name: string } | null }> } };

export type CheckCredentialQueryVariables = Exact<{ [key: string]: never; }>;


export type CheckCredentialQuery = { sports: Array<{ id: string }> };

export type TeamPageQueryVariables = Exact<{
  teamId: string | number;
  scheduleId: string | number;
}>;


export type TeamPageQuery = { schedule: { id: string, name: string, season: { id: string, name: string } } | null, team: { id: string, name: string, abbreviation: string, homeVenue: { name: string, city: string | null, state: string | null, timezone: string | null } | null, blackouts: Array<{ id: string, startDate: string, endDate: string, severity: BlackoutSeverity, reason: string | null }>, games: Array<{ id: string, date: string, startTime: string | null, home: { id: string, name: string }, away: { id: string, name: string }, venue: { name: string, city: string | null } | null }> } | null };

export type AddBlackoutMutationVariables = Exact<{
  input: CreateBlackoutInput;
}>;


export type AddBlackoutMutation = { createBlackout: { id: string } };

export type RemoveBlackoutMutationVariables = Exact<{
  id: string | number;
}>;


export type RemoveBlackoutMutation = { deleteBlackout: boolean };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const CompareChoicesDocument = new TypedDocumentString(`
    query CompareChoices {
  schedules(limit: 100) {
    nodes {
      id
      name
      currentVersion {
        id
      }
      versions {
        id
        versionNumber
        source
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CompareChoicesQuery, CompareChoicesQueryVariables>;
export const VersionGamesDocument = new TypedDocumentString(`
    query VersionGames($scheduleA: ID!, $versionA: ID!, $scheduleB: ID!, $versionB: ID!) {
  a: schedule(id: $scheduleA) {
    games(versionId: $versionA) {
      id
      date
      locked
      home {
        id
        name
      }
      away {
        id
        name
      }
    }
  }
  b: schedule(id: $scheduleB) {
    games(versionId: $versionB) {
      id
      date
      locked
      home {
        id
        name
      }
      away {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<VersionGamesQuery, VersionGamesQueryVariables>;
export const CompareMetricsDocument = new TypedDocumentString(`
    mutation CompareMetrics($a: ID!, $b: ID!) {
  compareScheduleVersions(versionAId: $a, versionBId: $b) {
    a {
      travelMiles
      hardViolations
      softPenalty
      maxHomeAwayImbalance
    }
    b {
      travelMiles
      hardViolations
      softPenalty
      maxHomeAwayImbalance
    }
  }
}
    `) as unknown as TypedDocumentString<CompareMetricsMutation, CompareMetricsMutationVariables>;
export const GenerateChoicesDocument = new TypedDocumentString(`
    query GenerateChoices($scheduleId: ID!, $optimise: Boolean!) {
  sports {
    id
    name
    code
  }
  seasons {
    id
    name
    isCurrent
  }
  constraintProfiles(limit: 100) {
    nodes {
      id
      name
      isDefault
      sport {
        id
      }
      season {
        id
      }
      team {
        id
      }
    }
  }
  schedule(id: $scheduleId) @include(if: $optimise) {
    id
    name
    sport {
      id
      name
    }
    season {
      id
      name
    }
    currentVersion {
      id
      versionNumber
    }
    games {
      id
      locked
    }
  }
}
    `) as unknown as TypedDocumentString<GenerateChoicesQuery, GenerateChoicesQueryVariables>;
export const StartGenerationDocument = new TypedDocumentString(`
    mutation StartGeneration($input: StartGenerationInput!) {
  startGeneration(input: $input) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<StartGenerationMutation, StartGenerationMutationVariables>;
export const CancelGenerationDocument = new TypedDocumentString(`
    mutation CancelGeneration($id: ID!) {
  cancelGeneration(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<CancelGenerationMutation, CancelGenerationMutationVariables>;
export const ScheduleGridDocument = new TypedDocumentString(`
    query ScheduleGrid($id: ID!) {
  schedule(id: $id) {
    id
    name
    status
    gameCount
    sport {
      name
    }
    season {
      name
    }
    evaluation {
      status
      hardViolations
      softViolations
      evaluatedAt
    }
    violations(resolved: false) {
      id
      severity
      message
      template {
        name
      }
      game {
        id
      }
    }
    games {
      id
      date
      startTime
      locked
      home {
        id
        name
        abbreviation
      }
      away {
        id
        name
        abbreviation
      }
      venue {
        name
        city
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ScheduleGridQuery, ScheduleGridQueryVariables>;
export const EvaluateScheduleDocument = new TypedDocumentString(`
    mutation EvaluateSchedule($id: ID!) {
  validateSchedule(input: {scheduleId: $id, store: true}) {
    stored
  }
}
    `) as unknown as TypedDocumentString<EvaluateScheduleMutation, EvaluateScheduleMutationVariables>;
export const SetGameLockDocument = new TypedDocumentString(`
    mutation SetGameLock($id: ID!, $locked: Boolean!) {
  updateGame(id: $id, input: {locked: $locked}) {
    id
    locked
  }
}
    `) as unknown as TypedDocumentString<SetGameLockMutation, SetGameLockMutationVariables>;
export const SchedulesPageDocument = new TypedDocumentString(`
    query SchedulesPage($sportId: ID, $seasonId: ID, $conferenceId: ID, $status: ScheduleStatus) {
  sports {
    id
    name
    code
  }
  seasons {
    id
    name
  }
  conferences {
    id
    name
  }
  schedules(
    sportId: $sportId
    seasonId: $seasonId
    conferenceId: $conferenceId
    status: $status
    limit: 100
  ) {
    total
    nodes {
      id
      name
      status
      gameCount
      updatedAt
      sport {
        code
        name
      }
      season {
        name
      }
      conference {
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SchedulesPageQuery, SchedulesPageQueryVariables>;
export const CheckCredentialDocument = new TypedDocumentString(`
    query CheckCredential {
  sports {
    id
  }
}
    `) as unknown as TypedDocumentString<CheckCredentialQuery, CheckCredentialQueryVariables>;
export const TeamPageDocument = new TypedDocumentString(`
    query TeamPage($teamId: ID!, $scheduleId: ID!) {
  schedule(id: $scheduleId) {
    id
    name
    season {
      id
      name
    }
  }
  team(id: $teamId) {
    id
    name
    abbreviation
    homeVenue {
      name
      city
      state
      timezone
    }
    blackouts {
      id
      startDate
      endDate
      severity
      reason
    }
    games(scheduleId: $scheduleId) {
      id
      date
      startTime
      home {
        id
        name
      }
      away {
        id
        name
      }
      venue {
        name
        city
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TeamPageQuery, TeamPageQueryVariables>;
export const AddBlackoutDocument = new TypedDocumentString(`
    mutation AddBlackout($input: CreateBlackoutInput!) {
  createBlackout(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<AddBlackoutMutation, AddBlackoutMutationVariables>;
export const RemoveBlackoutDocument = new TypedDocumentString(`
    mutation RemoveBlackout($id: ID!) {
  deleteBlackout(id: $id)
}
    `) as unknown as TypedDocumentString<RemoveBlackoutMutation, RemoveBlackoutMutationVariables>;