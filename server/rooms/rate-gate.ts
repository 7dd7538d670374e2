/**
 * The message rate limit, per member rather than per connection: a member's connections share
 * one budget, and reconnecting does not reset it. A member that goes over is cut off and held
 * off (its rejoins refused) for longer each time it does it again: 10 s, 20 s, 40 s, … up to
 * 10 minutes; an offence is forgotten after 10 minutes of calm. Other members are unaffected.
 */

export interface RateGateOptions {
  /** messages a member may send in any one-second window */
  perSecond: number;
  /** the first hold-off (ms); each further offence doubles it */
  baseHoldMs: number;
  maxHoldMs: number;
  /** offences older than this (ms) are forgotten */
  forgetMs: number;
  now: () => number;
}

interface MemberRate {
  windowStart: number;
  count: number;
  offences: number;
  lastOffence: number;
  heldUntil: number;
}

export const RATE_DEFAULTS: Omit<RateGateOptions, "now"> = {
  perSecond: 25,
  baseHoldMs: 10_000,
  maxHoldMs: 10 * 60_000,
  forgetMs: 10 * 60_000,
};

export class RateGate {
  private readonly opts: RateGateOptions;
  private readonly rates = new Map<string, MemberRate>();

  constructor(opts: Partial<RateGateOptions> = {}) {
    this.opts = { ...RATE_DEFAULTS, now: () => Date.now(), ...opts };
  }

  private of(memberId: string): MemberRate {
    let r = this.rates.get(memberId);
    if (!r) {
      r = { windowStart: 0, count: 0, offences: 0, lastOffence: 0, heldUntil: 0 };
      this.rates.set(memberId, r);
    }
    return r;
  }

  /**
   * Counts one message. Returns 0 when it is within the limit, otherwise the hold-off (ms) the
   * member now serves: the caller disconnects it.
   */
  hit(memberId: string): number {
    const now = this.opts.now();
    const r = this.of(memberId);
    if (r.heldUntil > now) return r.heldUntil - now;
    if (now - r.windowStart >= 1000) {
      r.windowStart = now;
      r.count = 0;
    }
    r.count++;
    if (r.count <= this.opts.perSecond) return 0;
    if (now - r.lastOffence > this.opts.forgetMs) r.offences = 0;
    r.offences++;
    r.lastOffence = now;
    const hold = Math.min(this.opts.maxHoldMs, this.opts.baseHoldMs * 2 ** (r.offences - 1));
    r.heldUntil = now + hold;
    r.count = 0;
    return hold;
  }

  /** ms the member is still held off (0: it may come back). */
  heldOff(memberId: string): number {
    const r = this.rates.get(memberId);
    return r ? Math.max(0, r.heldUntil - this.opts.now()) : 0;
  }
}
