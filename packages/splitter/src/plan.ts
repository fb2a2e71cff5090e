import { formatCount } from '@kalvimate/core';

/** Limits one part must stay under. */
export interface PartLimits {
  maxRequests: number;
  maxBytes: number;
  maxTokens: number;
}

/** A request as the planner sees it: its size in bytes (with newline) and tokens. */
export interface SizedRequest {
  bytes: number;
  tokens: number;
}

/**
 * Greedy part assignment, one request at a time: a request goes into the current part unless it
 * would break a limit, then a new part starts. Returns the 0-based part index, or a reason when the
 * request alone is over a limit. Greedy filling in order is optimal for keeping order.
 */
export class PartPlanner {
  private part = -1;
  private requests = 0;
  private bytes = 0;
  private tokens = 0;

  constructor(private readonly limits: PartLimits) {}

  /** Checks a request alone against the limits. */
  overLimit(request: SizedRequest): string | undefined {
    if (request.bytes > this.limits.maxBytes)
      return `the request alone is ${formatCount(request.bytes)} bytes, over the ${formatCount(this.limits.maxBytes)}-byte part limit`;
    if (request.tokens > this.limits.maxTokens)
      return `the request alone has ${formatCount(request.tokens)} tokens, over the ${formatCount(this.limits.maxTokens)}-token part limit`;
    return undefined;
  }

  /** Places a request (which must not be over a limit alone) and returns its part index. */
  place(request: SizedRequest): number {
    const fits =
      this.part >= 0 &&
      this.requests + 1 <= this.limits.maxRequests &&
      this.bytes + request.bytes <= this.limits.maxBytes &&
      this.tokens + request.tokens <= this.limits.maxTokens;
    if (!fits) {
      this.part += 1;
      this.requests = 0;
      this.bytes = 0;
      this.tokens = 0;
    }
    this.requests += 1;
    this.bytes += request.bytes;
    this.tokens += request.tokens;
    return this.part;
  }
}
