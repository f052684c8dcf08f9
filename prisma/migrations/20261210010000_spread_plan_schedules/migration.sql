-- Spread the automatic plan scans across the day (issue 10, item 4).
--
-- Plan schedules were created at 00:00 UTC (Monday for weekly plans, the 1st for monthly ones), so every tenant's
-- automatic scan started in the same minute. New tenants now get a slot derived from a hash of their id
-- (lib/schedules/plan-slot.ts); this moves the existing plan schedules that still sit on the old default and that
-- nobody edited (no `scheduled_scan.updated` audit event: an admin who chose 00:00 UTC keeps it) to the same slot
-- a new tenant with that id would get. The expression below must stay equal to planScheduleDefaults() — a test
-- (lib/schedules/plan-slot.test.ts) holds them equal.
--
-- Slots are neither lost nor fired twice:
-- - a schedule that is due right now (next_run_at <= now(): a slot missed while the app was down, or one the
--   current tick has not reached yet) keeps its next_run_at, so that slot still fires exactly once; the dispatcher
--   then computes the following slot from the new time;
-- - otherwise next_run_at becomes the first new slot strictly after now() — and, for a schedule that has never
--   fired, after created_at + 24 h (the rule for a new tenant's first automatic scan); a schedule's next run thus
--   moves by less than one period, never into the past;
-- - paused schedules (next_run_at NULL) only get the new time; resuming computes the next run from it.
--
-- Idempotent: a second run finds no row whose values would change (the WHERE below excludes rows already on their
-- slot), and the row set it matches is only ever the untouched default. One UPDATE, so it is atomic with the
-- applier's transaction.
WITH candidates AS (
    SELECT s.id, s.frequency, s.enabled, s.next_run_at,
           GREATEST(now(), CASE WHEN s.last_triggered_at IS NULL THEN s.created_at + interval '24 hours' END) AS after,
           h.h % 1440 AS minute_of_day,
           (h.h / 1440) % 7 AS day_of_week,
           1 + (h.h / 10080) % 28 AS day_of_month
    FROM "scheduled_scans" AS s
    CROSS JOIN LATERAL (SELECT ('x' || lpad(substr(md5(s.tenant_id), 1, 8), 16, '0'))::bit(64)::bigint AS h) AS h
    WHERE s.is_plan_schedule
      AND s.hour = 0 AND s.minute = 0 AND s.timezone = 'UTC'
      AND s.day_of_week IS NOT DISTINCT FROM 0 AND s.day_of_month IS NOT DISTINCT FROM 1
      AND NOT EXISTS (
          SELECT 1 FROM "audit_events" AS a
          WHERE a.tenant_id = s.tenant_id AND a.action = 'scheduled_scan.updated' AND a.target_type = 'scheduled_scan' AND a.target_id = s.id)
),
slots AS (
    SELECT c.*,
           -- The new time's candidate in the period (UTC day, ISO week from Monday, month) that contains `after`.
           CASE c.frequency
               WHEN 'daily' THEN (date_trunc('day', c.after AT TIME ZONE 'UTC')) AT TIME ZONE 'UTC'
               WHEN 'weekly' THEN (date_trunc('week', c.after AT TIME ZONE 'UTC') + c.day_of_week * interval '1 day') AT TIME ZONE 'UTC'
               ELSE (date_trunc('month', c.after AT TIME ZONE 'UTC') + (c.day_of_month - 1) * interval '1 day') AT TIME ZONE 'UTC'
           END + c.minute_of_day * interval '1 minute' AS candidate,
           CASE c.frequency WHEN 'daily' THEN interval '1 day' WHEN 'weekly' THEN interval '7 days' ELSE interval '1 month' END AS period
    FROM candidates AS c
)
UPDATE "scheduled_scans" AS s
SET hour = (n.minute_of_day / 60)::int,
    minute = (n.minute_of_day % 60)::int,
    day_of_week = n.day_of_week::int,
    day_of_month = n.day_of_month::int,
    next_run_at = CASE
        WHEN NOT n.enabled OR n.next_run_at IS NULL THEN n.next_run_at
        WHEN n.next_run_at <= now() THEN n.next_run_at
        WHEN n.candidate > n.after THEN n.candidate
        -- Monthly: the same day of the next month (day_of_month <= 28 exists in every month).
        WHEN n.frequency = 'monthly' THEN ((date_trunc('month', n.after AT TIME ZONE 'UTC') + interval '1 month' + (n.day_of_month - 1) * interval '1 day') AT TIME ZONE 'UTC') + n.minute_of_day * interval '1 minute'
        ELSE n.candidate + n.period
    END,
    updated_at = now()
FROM slots AS n
WHERE s.id = n.id
  AND (s.hour, s.minute, s.day_of_week, s.day_of_month) IS DISTINCT FROM ((n.minute_of_day / 60)::int, (n.minute_of_day % 60)::int, n.day_of_week::int, n.day_of_month::int);
