// Calendar subscriptions: read-only links to one team's games in one schedule (a signed token in the URL; the row
// makes it revocable) and `caller`, what a dashboard asks to know which controls the role allows.

import { calendarFeedPath, signCalendarToken } from '../kit/calendar-token.ts';
import { badUserInput } from '../kit/errors.ts';
import { idArg, idOf, toKey } from '../kit/ids.ts';
import { loadRequired } from '../kit/reference.ts';
import * as calendars from './calendar-repository.ts';
import type { Context } from './loaders.ts';
import * as repo from './repository.ts';

type Args = Record<string, unknown>;

const ROLES = ['viewer', 'scheduler', 'admin'];
const MAX_DAYS = 730;
const DAY_MS = 86_400_000;

export const calendarQueries = {
  caller: (_: unknown, __: Args, ctx: Context) => {
    const principal = ctx.principal;
    if (!principal) throw new Error('no caller outside a request');
    return {
      subject: principal.subject,
      conferenceId: principal.conferenceId === null ? null : idOf(principal.conferenceId),
      roles: principal.scopes.filter((s) => ROLES.includes(s)),
    };
  },
  calendarSubscription: (_: unknown, args: Args, ctx: Context) => {
    const key = toKey(args.id);
    return key === null ? null : ctx.run((tx) => calendars.calendarSubscriptionById(tx, key));
  },
};

export const calendarMutations = {
  createCalendarSubscription: async (_: unknown, args: Args, ctx: Context) => {
    const scheduleId = idArg('scheduleId', args.scheduleId);
    const teamId = idArg('teamId', args.teamId);
    const days = args.expiresInDays ?? 365;
    if (!Number.isInteger(days) || (days as number) < 1 || (days as number) > MAX_DAYS)
      throw badUserInput('expiresInDays', `must be an integer between 1 and ${MAX_DAYS}`);
    const subscription = await ctx.run(async (tx) => {
      const schedule = await repo.scheduleById(tx, scheduleId);
      if (!schedule) throw badUserInput('scheduleId', `no schedule with id ${scheduleId}`);
      if (schedule.conferenceId === null)
        throw badUserInput('scheduleId', 'belongs to no conference: a calendar link is bound to one');
      if (!(await repo.existingIds(tx, 'team', [teamId])).size)
        throw badUserInput('teamId', `no team with id ${teamId}`);
      return calendars.insertCalendarSubscription(tx, {
        scheduleId,
        teamId,
        conferenceId: schedule.conferenceId,
        createdBy: ctx.principal?.subject.slice(0, 200) ?? null,
        expiresAt: new Date(Date.now() + (days as number) * DAY_MS),
      });
    });
    const token = signCalendarToken(
      {
        subscriptionId: subscription.subscriptionId,
        scheduleId,
        teamId,
        conferenceId: subscription.conferenceId as number,
        expiresAt: subscription.expiresAt,
      },
      ctx.internalKey,
    );
    return { subscription, path: calendarFeedPath(token) };
  },
  revokeCalendarSubscription: (_: unknown, args: Args, ctx: Context) => {
    const key = toKey(args.id);
    return key === null ? null : ctx.run((tx) => calendars.revokeCalendarSubscription(tx, key));
  },
};

export const calendarFields = {
  Schedule: {
    calendarSubscriptions: (s: repo.ScheduleRow, args: Args, ctx: Context) =>
      ctx.run((tx) => calendars.calendarSubscriptionsOf(tx, s.scheduleId, idArg('teamId', args.teamId, true))),
  },
};

export const calendarTypeResolvers = {
  CalendarSubscription: {
    id: (c: calendars.CalendarSubscriptionRow) => idOf(c.subscriptionId),
    schedule: (c: calendars.CalendarSubscriptionRow, _: Args, ctx: Context) =>
      loadRequired(ctx.loaders.schedule(), c.scheduleId, 'schedule'),
    team: (c: calendars.CalendarSubscriptionRow) => ({ teamId: c.teamId }),
  },
};
