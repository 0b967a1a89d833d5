-- FlexTime seed: the schedule-generation catalogue — the generation algorithms a request can pick
-- (GET /api/v2/schedule-generation/algorithms) and the optimisation objectives a request can weigh.
-- `parameters` use the engine's option names (scheduling/optimizer.ts OptimizeOptions: seconds, iterations,
-- reheats, construction, moveWeights, hardWeight, temperatureScale, stopWhenFeasible; `runs` = parallel
-- annealing runs on worker_threads).
--
-- psql-runnable and idempotent (natural keys: algorithm_name, objective_name). Shared catalogue rows
-- (conference_id NULL: visible to every conference).
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f seeding/seed_schedule_generation.sql

BEGIN;

INSERT INTO schedule_generation.algorithm_configurations (algorithm_name, algorithm_type, description, parameters, is_default)
VALUES
  ('Simulated annealing', 'simulated_annealing',
   'Circle-method start, then simulated annealing over the Traveling Tournament neighbourhoods with reheats and an adaptive hard-constraint weight.',
   '{"seconds": 10, "reheats": 3, "construction": "circle", "runs": 1, "hardWeight": 4, "temperatureScale": 1,
     "moveWeights": {"swapHomes": 1, "swapRounds": 1, "swapTeams": 1, "partialSwapRounds": 1, "partialSwapTeams": 1,
                     "partialSwapTeamsKeepPattern": 1, "repickDoubles": 1, "flipCycle": 1, "moveDate": 1}}',
   true),
  ('Parallel simulated annealing', 'parallel_simulated_annealing',
   'Several independently seeded annealing runs on worker threads (or BullMQ workers across machines); the best schedule wins.',
   '{"seconds": 10, "reheats": 3, "construction": "circle", "runs": 4}', false),
  ('Travel-partner construction + annealing', 'simulated_annealing',
   'Neighbouring schools paired as travel partners (visitors make one trip to both), then annealing.',
   '{"seconds": 10, "reheats": 3, "construction": "travel-partners", "runs": 1}', false),
  ('Feasibility repair', 'simulated_annealing',
   'Anneals an existing schedule only until no hard constraint is violated (minimal changes to a published schedule).',
   '{"seconds": 5, "reheats": 0, "stopWhenFeasible": true, "runs": 1}', false),
  ('Circle method (no optimisation)', 'constructive',
   'The canonical circle-method round robin matched to the dated slots, without optimisation: a baseline.',
   '{"construction": "circle", "iterations": 0, "canonicalStart": true}', false)
ON CONFLICT (algorithm_name) DO NOTHING;

INSERT INTO schedule_generation.optimization_objectives (objective_name, description, direction, metric, default_weight)
VALUES
  ('Hard constraint violations', 'Hard constraints violated by the schedule (must reach zero).', 'minimize', 'hard_violations', 1000),
  ('Soft constraint penalty', 'Weighted penalty of the soft constraints (preferences, soft blackouts).', 'minimize', 'soft_penalty', 10),
  ('Total travel distance', 'Miles travelled by all teams (haversine between campuses, road trips chained).', 'minimize', 'travel_miles', 1),
  ('Home/away breaks', 'Consecutive home or consecutive away games (breaks in the home/away pattern).', 'minimize', 'breaks', 5),
  ('Rematch separation', 'Smallest gap in days between the two meetings of a pair.', 'maximize', 'min_rematch_gap_days', 2),
  ('Weekend home balance', 'Difference between teams in Saturday home games.', 'minimize', 'weekend_home_imbalance', 2),
  ('Missed class days', 'Weekday road games (class days missed by student-athletes).', 'minimize', 'weekday_road_games', 1)
ON CONFLICT (objective_name) DO NOTHING;

COMMIT;
