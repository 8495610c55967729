/**
 * ElastiCache's two windows: the daily snapshot window (`hh:mm-hh:mm`, UTC) and the weekly
 * maintenance window (`ddd:hh:mm-ddd:hh:mm`, UTC). AWS wants each at least 60 minutes long; a
 * snapshot taken while a node is being patched competes with the patch, so they must not meet.
 */
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const DAY_MINUTES = 24 * 60;
const WEEK_MINUTES = 7 * DAY_MINUTES;

const TIME = "([01]\\d|2[0-3]):([0-5]\\d)";
const SNAPSHOT = new RegExp(`^${TIME}-${TIME}$`);
const MAINTENANCE = new RegExp(`^(${DAYS.join("|")}):${TIME}-(${DAYS.join("|")}):${TIME}$`);

/** A span of minutes from the start of the week (Sunday 00:00 UTC), its end possibly past the week. */
interface Span {
  readonly start: number;
  readonly end: number;
}

const minutes = (h: string, m: string) => Number(h) * 60 + Number(m);
const span = (start: number, end: number, period: number): Span => ({
  start,
  end: end > start ? end : end + period,
});

/** Why the windows cannot be used as given, or undefined when they can. */
export function windowProblem(
  snapshotWindow: string,
  maintenanceWindow: string,
): string | undefined {
  const snapshot = SNAPSHOT.exec(snapshotWindow);
  if (!snapshot) return `snapshotWindow "${snapshotWindow}" is not a UTC window hh:mm-hh:mm`;
  const maintenance = MAINTENANCE.exec(maintenanceWindow);
  if (!maintenance) {
    return `maintenanceWindow "${maintenanceWindow}" is not a UTC window ddd:hh:mm-ddd:hh:mm (ddd: ${DAYS.join(", ")})`;
  }
  const daily = span(
    minutes(snapshot[1], snapshot[2]),
    minutes(snapshot[3], snapshot[4]),
    DAY_MINUTES,
  );
  const [, d0, h0, m0, d1, h1, m1] = maintenance;
  const weekly = span(
    DAYS.indexOf(d0) * DAY_MINUTES + minutes(h0, m0),
    DAYS.indexOf(d1) * DAY_MINUTES + minutes(h1, m1),
    WEEK_MINUTES,
  );
  if (daily.end - daily.start < 60)
    return `snapshotWindow "${snapshotWindow}" is shorter than the 60 minutes ElastiCache requires`;
  if (weekly.end - weekly.start < 60)
    return `maintenanceWindow "${maintenanceWindow}" is shorter than the 60 minutes ElastiCache requires`;
  // The daily window on every day of the week, and on the days either side of it (a window
  // that runs past midnight, a maintenance window that runs past Saturday midnight).
  for (let day = -1; day <= 7; day++) {
    const start = daily.start + day * DAY_MINUTES;
    const end = daily.end + day * DAY_MINUTES;
    if (start < weekly.end && weekly.start < end) {
      return `snapshotWindow "${snapshotWindow}" overlaps maintenanceWindow "${maintenanceWindow}": a snapshot would compete with patching`;
    }
  }
  return undefined;
}
