/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query CompareChoices {\n    schedules(limit: 100) {\n      nodes {\n        id\n        name\n        currentVersion {\n          id\n        }\n        versions {\n          id\n          versionNumber\n          source\n        }\n      }\n    }\n  }\n": typeof types.CompareChoicesDocument,
    "\n  query VersionGames($scheduleA: ID!, $versionA: ID!, $scheduleB: ID!, $versionB: ID!) {\n    a: schedule(id: $scheduleA) {\n      games(versionId: $versionA) {\n        id\n        date\n        locked\n        home {\n          id\n          name\n        }\n        away {\n          id\n          name\n        }\n      }\n    }\n    b: schedule(id: $scheduleB) {\n      games(versionId: $versionB) {\n        id\n        date\n        locked\n        home {\n          id\n          name\n        }\n        away {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.VersionGamesDocument,
    "\n  mutation CompareMetrics($a: ID!, $b: ID!) {\n    compareScheduleVersions(versionAId: $a, versionBId: $b) {\n      a {\n        travelMiles\n        hardViolations\n        softPenalty\n        maxHomeAwayImbalance\n      }\n      b {\n        travelMiles\n        hardViolations\n        softPenalty\n        maxHomeAwayImbalance\n      }\n    }\n  }\n": typeof types.CompareMetricsDocument,
    "\n  query GenerateChoices($scheduleId: ID!, $optimise: Boolean!) {\n    sports {\n      id\n      name\n      code\n    }\n    seasons {\n      id\n      name\n      isCurrent\n    }\n    constraintProfiles(limit: 100) {\n      nodes {\n        id\n        name\n        isDefault\n        sport {\n          id\n        }\n        season {\n          id\n        }\n        team {\n          id\n        }\n      }\n    }\n    schedule(id: $scheduleId) @include(if: $optimise) {\n      id\n      name\n      sport {\n        id\n        name\n      }\n      season {\n        id\n        name\n      }\n      currentVersion {\n        id\n        versionNumber\n      }\n      games {\n        id\n        locked\n      }\n    }\n  }\n": typeof types.GenerateChoicesDocument,
    "\n  mutation StartGeneration($input: StartGenerationInput!) {\n    startGeneration(input: $input) {\n      id\n      status\n    }\n  }\n": typeof types.StartGenerationDocument,
    "\n  mutation CancelGeneration($id: ID!) {\n    cancelGeneration(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.CancelGenerationDocument,
    "\n  query ScheduleGrid($id: ID!) {\n    schedule(id: $id) {\n      id\n      name\n      status\n      gameCount\n      sport {\n        name\n      }\n      season {\n        name\n      }\n      evaluation {\n        status\n        hardViolations\n        softViolations\n        evaluatedAt\n      }\n      violations(resolved: false) {\n        id\n        severity\n        message\n        template {\n          name\n        }\n        game {\n          id\n        }\n      }\n      games {\n        id\n        date\n        startTime\n        locked\n        home {\n          id\n          name\n          abbreviation\n        }\n        away {\n          id\n          name\n          abbreviation\n        }\n        venue {\n          name\n          city\n        }\n      }\n    }\n  }\n": typeof types.ScheduleGridDocument,
    "\n  mutation EvaluateSchedule($id: ID!) {\n    validateSchedule(input: { scheduleId: $id, store: true }) {\n      stored\n    }\n  }\n": typeof types.EvaluateScheduleDocument,
    "\n  mutation SetGameLock($id: ID!, $locked: Boolean!) {\n    updateGame(id: $id, input: { locked: $locked }) {\n      id\n      locked\n    }\n  }\n": typeof types.SetGameLockDocument,
    "\n  query SchedulesPage($sportId: ID, $seasonId: ID, $conferenceId: ID, $status: ScheduleStatus) {\n    sports {\n      id\n      name\n      code\n    }\n    seasons {\n      id\n      name\n    }\n    conferences {\n      id\n      name\n    }\n    schedules(sportId: $sportId, seasonId: $seasonId, conferenceId: $conferenceId, status: $status, limit: 100) {\n      total\n      nodes {\n        id\n        name\n        status\n        gameCount\n        updatedAt\n        sport {\n          code\n          name\n        }\n        season {\n          name\n        }\n        conference {\n          name\n        }\n      }\n    }\n  }\n": typeof types.SchedulesPageDocument,
    "\n  query CheckCredential {\n    sports {\n      id\n    }\n  }\n": typeof types.CheckCredentialDocument,
    "\n  query TeamPage($teamId: ID!, $scheduleId: ID!) {\n    schedule(id: $scheduleId) {\n      id\n      name\n      season {\n        id\n        name\n      }\n    }\n    team(id: $teamId) {\n      id\n      name\n      abbreviation\n      homeVenue {\n        name\n        city\n        state\n        timezone\n      }\n      blackouts {\n        id\n        startDate\n        endDate\n        severity\n        reason\n      }\n      games(scheduleId: $scheduleId) {\n        id\n        date\n        startTime\n        home {\n          id\n          name\n        }\n        away {\n          id\n          name\n        }\n        venue {\n          name\n          city\n        }\n      }\n    }\n  }\n": typeof types.TeamPageDocument,
    "\n  mutation AddBlackout($input: CreateBlackoutInput!) {\n    createBlackout(input: $input) {\n      id\n    }\n  }\n": typeof types.AddBlackoutDocument,
    "\n  mutation RemoveBlackout($id: ID!) {\n    deleteBlackout(id: $id)\n  }\n": typeof types.RemoveBlackoutDocument,
};
const documents: Documents = {
    "\n  query CompareChoices {\n    schedules(limit: 100) {\n      nodes {\n        id\n        name\n        currentVersion {\n          id\n        }\n        versions {\n          id\n          versionNumber\n          source\n        }\n      }\n    }\n  }\n": types.CompareChoicesDocument,
    "\n  query VersionGames($scheduleA: ID!, $versionA: ID!, $scheduleB: ID!, $versionB: ID!) {\n    a: schedule(id: $scheduleA) {\n      games(versionId: $versionA) {\n        id\n        date\n        locked\n        home {\n          id\n          name\n        }\n        away {\n          id\n          name\n        }\n      }\n    }\n    b: schedule(id: $scheduleB) {\n      games(versionId: $versionB) {\n        id\n        date\n        locked\n        home {\n          id\n          name\n        }\n        away {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.VersionGamesDocument,
    "\n  mutation CompareMetrics($a: ID!, $b: ID!) {\n    compareScheduleVersions(versionAId: $a, versionBId: $b) {\n      a {\n        travelMiles\n        hardViolations\n        softPenalty\n        maxHomeAwayImbalance\n      }\n      b {\n        travelMiles\n        hardViolations\n        softPenalty\n        maxHomeAwayImbalance\n      }\n    }\n  }\n": types.CompareMetricsDocument,
    "\n  query GenerateChoices($scheduleId: ID!, $optimise: Boolean!) {\n    sports {\n      id\n      name\n      code\n    }\n    seasons {\n      id\n      name\n      isCurrent\n    }\n    constraintProfiles(limit: 100) {\n      nodes {\n        id\n        name\n        isDefault\n        sport {\n          id\n        }\n        season {\n          id\n        }\n        team {\n          id\n        }\n      }\n    }\n    schedule(id: $scheduleId) @include(if: $optimise) {\n      id\n      name\n      sport {\n        id\n        name\n      }\n      season {\n        id\n        name\n      }\n      currentVersion {\n        id\n        versionNumber\n      }\n      games {\n        id\n        locked\n      }\n    }\n  }\n": types.GenerateChoicesDocument,
    "\n  mutation StartGeneration($input: StartGenerationInput!) {\n    startGeneration(input: $input) {\n      id\n      status\n    }\n  }\n": types.StartGenerationDocument,
    "\n  mutation CancelGeneration($id: ID!) {\n    cancelGeneration(id: $id) {\n      id\n      status\n    }\n  }\n": types.CancelGenerationDocument,
    "\n  query ScheduleGrid($id: ID!) {\n    schedule(id: $id) {\n      id\n      name\n      status\n      gameCount\n      sport {\n        name\n      }\n      season {\n        name\n      }\n      evaluation {\n        status\n        hardViolations\n        softViolations\n        evaluatedAt\n      }\n      violations(resolved: false) {\n        id\n        severity\n        message\n        template {\n          name\n        }\n        game {\n          id\n        }\n      }\n      games {\n        id\n        date\n        startTime\n        locked\n        home {\n          id\n          name\n          abbreviation\n        }\n        away {\n          id\n          name\n          abbreviation\n        }\n        venue {\n          name\n          city\n        }\n      }\n    }\n  }\n": types.ScheduleGridDocument,
    "\n  mutation EvaluateSchedule($id: ID!) {\n    validateSchedule(input: { scheduleId: $id, store: true }) {\n      stored\n    }\n  }\n": types.EvaluateScheduleDocument,
    "\n  mutation SetGameLock($id: ID!, $locked: Boolean!) {\n    updateGame(id: $id, input: { locked: $locked }) {\n      id\n      locked\n    }\n  }\n": types.SetGameLockDocument,
    "\n  query SchedulesPage($sportId: ID, $seasonId: ID, $conferenceId: ID, $status: ScheduleStatus) {\n    sports {\n      id\n      name\n      code\n    }\n    seasons {\n      id\n      name\n    }\n    conferences {\n      id\n      name\n    }\n    schedules(sportId: $sportId, seasonId: $seasonId, conferenceId: $conferenceId, status: $status, limit: 100) {\n      total\n      nodes {\n        id\n        name\n        status\n        gameCount\n        updatedAt\n        sport {\n          code\n          name\n        }\n        season {\n          name\n        }\n        conference {\n          name\n        }\n      }\n    }\n  }\n": types.SchedulesPageDocument,
    "\n  query CheckCredential {\n    sports {\n      id\n    }\n  }\n": types.CheckCredentialDocument,
    "\n  query TeamPage($teamId: ID!, $scheduleId: ID!) {\n    schedule(id: $scheduleId) {\n      id\n      name\n      season {\n        id\n        name\n      }\n    }\n    team(id: $teamId) {\n      id\n      name\n      abbreviation\n      homeVenue {\n        name\n        city\n        state\n        timezone\n      }\n      blackouts {\n        id\n        startDate\n        endDate\n        severity\n        reason\n      }\n      games(scheduleId: $scheduleId) {\n        id\n        date\n        startTime\n        home {\n          id\n          name\n        }\n        away {\n          id\n          name\n        }\n        venue {\n          name\n          city\n        }\n      }\n    }\n  }\n": types.TeamPageDocument,
    "\n  mutation AddBlackout($input: CreateBlackoutInput!) {\n    createBlackout(input: $input) {\n      id\n    }\n  }\n": types.AddBlackoutDocument,
    "\n  mutation RemoveBlackout($id: ID!) {\n    deleteBlackout(id: $id)\n  }\n": types.RemoveBlackoutDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompareChoices {\n    schedules(limit: 100) {\n      nodes {\n        id\n        name\n        currentVersion {\n          id\n        }\n        versions {\n          id\n          versionNumber\n          source\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').CompareChoicesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VersionGames($scheduleA: ID!, $versionA: ID!, $scheduleB: ID!, $versionB: ID!) {\n    a: schedule(id: $scheduleA) {\n      games(versionId: $versionA) {\n        id\n        date\n        locked\n        home {\n          id\n          name\n        }\n        away {\n          id\n          name\n        }\n      }\n    }\n    b: schedule(id: $scheduleB) {\n      games(versionId: $versionB) {\n        id\n        date\n        locked\n        home {\n          id\n          name\n        }\n        away {\n          id\n          name\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').VersionGamesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompareMetrics($a: ID!, $b: ID!) {\n    compareScheduleVersions(versionAId: $a, versionBId: $b) {\n      a {\n        travelMiles\n        hardViolations\n        softPenalty\n        maxHomeAwayImbalance\n      }\n      b {\n        travelMiles\n        hardViolations\n        softPenalty\n        maxHomeAwayImbalance\n      }\n    }\n  }\n"): typeof import('./graphql').CompareMetricsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GenerateChoices($scheduleId: ID!, $optimise: Boolean!) {\n    sports {\n      id\n      name\n      code\n    }\n    seasons {\n      id\n      name\n      isCurrent\n    }\n    constraintProfiles(limit: 100) {\n      nodes {\n        id\n        name\n        isDefault\n        sport {\n          id\n        }\n        season {\n          id\n        }\n        team {\n          id\n        }\n      }\n    }\n    schedule(id: $scheduleId) @include(if: $optimise) {\n      id\n      name\n      sport {\n        id\n        name\n      }\n      season {\n        id\n        name\n      }\n      currentVersion {\n        id\n        versionNumber\n      }\n      games {\n        id\n        locked\n      }\n    }\n  }\n"): typeof import('./graphql').GenerateChoicesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartGeneration($input: StartGenerationInput!) {\n    startGeneration(input: $input) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').StartGenerationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelGeneration($id: ID!) {\n    cancelGeneration(id: $id) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').CancelGenerationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScheduleGrid($id: ID!) {\n    schedule(id: $id) {\n      id\n      name\n      status\n      gameCount\n      sport {\n        name\n      }\n      season {\n        name\n      }\n      evaluation {\n        status\n        hardViolations\n        softViolations\n        evaluatedAt\n      }\n      violations(resolved: false) {\n        id\n        severity\n        message\n        template {\n          name\n        }\n        game {\n          id\n        }\n      }\n      games {\n        id\n        date\n        startTime\n        locked\n        home {\n          id\n          name\n          abbreviation\n        }\n        away {\n          id\n          name\n          abbreviation\n        }\n        venue {\n          name\n          city\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ScheduleGridDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EvaluateSchedule($id: ID!) {\n    validateSchedule(input: { scheduleId: $id, store: true }) {\n      stored\n    }\n  }\n"): typeof import('./graphql').EvaluateScheduleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetGameLock($id: ID!, $locked: Boolean!) {\n    updateGame(id: $id, input: { locked: $locked }) {\n      id\n      locked\n    }\n  }\n"): typeof import('./graphql').SetGameLockDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SchedulesPage($sportId: ID, $seasonId: ID, $conferenceId: ID, $status: ScheduleStatus) {\n    sports {\n      id\n      name\n      code\n    }\n    seasons {\n      id\n      name\n    }\n    conferences {\n      id\n      name\n    }\n    schedules(sportId: $sportId, seasonId: $seasonId, conferenceId: $conferenceId, status: $status, limit: 100) {\n      total\n      nodes {\n        id\n        name\n        status\n        gameCount\n        updatedAt\n        sport {\n          code\n          name\n        }\n        season {\n          name\n        }\n        conference {\n          name\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').SchedulesPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CheckCredential {\n    sports {\n      id\n    }\n  }\n"): typeof import('./graphql').CheckCredentialDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeamPage($teamId: ID!, $scheduleId: ID!) {\n    schedule(id: $scheduleId) {\n      id\n      name\n      season {\n        id\n        name\n      }\n    }\n    team(id: $teamId) {\n      id\n      name\n      abbreviation\n      homeVenue {\n        name\n        city\n        state\n        timezone\n      }\n      blackouts {\n        id\n        startDate\n        endDate\n        severity\n        reason\n      }\n      games(scheduleId: $scheduleId) {\n        id\n        date\n        startTime\n        home {\n          id\n          name\n        }\n        away {\n          id\n          name\n        }\n        venue {\n          name\n          city\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').TeamPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddBlackout($input: CreateBlackoutInput!) {\n    createBlackout(input: $input) {\n      id\n    }\n  }\n"): typeof import('./graphql').AddBlackoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveBlackout($id: ID!) {\n    deleteBlackout(id: $id)\n  }\n"): typeof import('./graphql').RemoveBlackoutDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
