/**
 * The quarter's timer: a deadline while the game plays, the time left while it is paused, the
 * turn length a new quarter starts with, and the ten-second warning. The turn length and the
 * running quarter's time are separate: the host may add time to this quarter without changing
 * the next ones, and change the turn length from the next quarter without touching this one.
 * All times are ms since epoch from the service's clock (the record's `at` when a log is replayed).
 */

/** Seats that have not submitted are warned this long before the deadline. */
export const WARNING_MS = 10_000;
/** A resumed quarter gets at least this long. */
const RESUME_MIN_MS = 5_000;

export class QuarterTimer {
  /** ms since epoch when the running quarter resolves; 0 = no deadline (no timer, or paused) */
  deadline = 0;
  /** while paused: the ms the quarter had left, and whether it had a deadline at all */
  remainingMs = 0;
  private pausedWithTimer = false;
  /** the warning for the current deadline was sent */
  warned = false;

  /** A new quarter starts (the game started, or a quarter resolved). */
  startQuarter(at: number, turnSeconds: number, paused: boolean): void {
    this.warned = false;
    if (paused) {
      this.deadline = 0;
      this.remainingMs = turnSeconds * 1000;
      this.pausedWithTimer = turnSeconds > 0;
    } else this.deadline = turnSeconds > 0 ? at + turnSeconds * 1000 : 0;
  }

  pause(at: number): void {
    this.pausedWithTimer = this.deadline > 0;
    this.remainingMs = this.deadline ? Math.max(0, this.deadline - at) : 0;
    this.deadline = 0;
  }

  resume(at: number): void {
    this.warned = false;
    this.deadline = this.pausedWithTimer ? at + Math.max(this.remainingMs, RESUME_MIN_MS) : 0;
    this.remainingMs = 0;
  }

  /**
   * Adds (or, negative, takes) time to the running quarter only. A quarter without a timer
   * gets one of that length. Returns false when there is nothing to change.
   */
  addTime(seconds: number, at: number, paused: boolean): boolean {
    const ms = seconds * 1000;
    if (paused) {
      if (!this.pausedWithTimer && ms <= 0) return false;
      this.remainingMs = Math.max(0, (this.pausedWithTimer ? this.remainingMs : 0) + ms);
      this.pausedWithTimer = true;
      return true;
    }
    if (this.deadline > 0) this.deadline = Math.max(at, this.deadline + ms);
    else if (ms > 0) this.deadline = at + ms;
    else return false;
    if (this.deadline - at > WARNING_MS) this.warned = false;
    return true;
  }

  /** Restarts the running quarter's timer at this length (what an old "set timer" did). */
  restart(at: number, seconds: number, paused: boolean): void {
    this.warned = false;
    if (paused) {
      this.remainingMs = seconds * 1000;
      this.pausedWithTimer = seconds > 0;
    } else this.deadline = seconds > 0 ? at + seconds * 1000 : 0;
  }

  /** When the warning is due (Infinity: none due). */
  warningAt(): number {
    return this.deadline > 0 && !this.warned ? this.deadline - WARNING_MS : Number.POSITIVE_INFINITY;
  }
}
