/**
 * Recording feedback: the Yes / No answers, and — without anyone pressing a button — searches that found
 * nothing or only a weak match, and assistant replies that were not confident (`recordAsked`).
 * Nothing about a case is recorded: only the question as typed, the set it was limited to and the passage
 * that came top.
 */
import type { AppContext } from "../app-context.js";
import type { SearchOutcome } from "../search/index.js";
import {
  LOW_SCORE,
  PassageRef,
  cleanQuery,
  passageRefFromUrl,
  queryKey,
  type NewFeedback,
  type Signal,
} from "./model.js";
import type { FeedbackStore } from "./store.js";

/** The passage a reply leaned on most, as the assistant knows it. */
export interface AskedTop {
  set: string;
  document: string;
  version: string;
  /** The passage id (`<section>-p<n>`), as in the passage's link anchor. */
  passage: string;
  score?: number;
}

export interface Asked {
  /** The message as typed (trimmed to 500 characters here). Never pass case facts gathered elsewhere. */
  query: string;
  /** The conversation's procedure set, if known. */
  set?: string;
  top?: AskedTop;
  /** false: the reply fell back to the closest passages (or found none); recorded for the procedures lead. */
  confident: boolean;
}

const logFailure = (e: unknown) => console.error(`Feedback not recorded: ${(e as Error).message}`);

/**
 * For the assistant: call after each reply. Records the question when the reply was not confident
 * ("low-confidence" with the top passage, "no-results" without one); a confident reply records nothing.
 * Never rejects and never throws — feedback must not break a reply — so it is safe not to await.
 */
export function recordAsked(ctx: AppContext, asked: Asked): Promise<void> {
  if (asked.confident) return Promise.resolve();
  const query = cleanQuery(asked.query);
  if (!query) return Promise.resolve();
  const parsed = asked.top ? PassageRef.safeParse(asked.top) : undefined;
  const top = parsed?.success ? parsed.data : undefined;
  return ctx.feedback
    .add({
      kind: "ask",
      signal: top ? "low-confidence" : "no-results",
      query,
      sets: asked.set ? [asked.set] : [],
      ...(top ? { top } : {}),
    })
    .then(
      () => {},
      (e) => logFailure(e),
    );
}

/** The top search result as a passage reference. */
export const topOf = (outcome: SearchOutcome): PassageRef | undefined => {
  const r = outcome.results[0];
  return r ? passageRefFromUrl(r.url, r.score) : undefined;
};

/** What a finished search says about itself: nothing found, a weak match, or nothing worth recording. */
export function searchSignal(outcome: SearchOutcome): Signal | undefined {
  const top = outcome.results[0];
  if (!top) return "no-results";
  if (top.score < LOW_SCORE) return "low-score";
  return undefined;
}

/** How long a browser must stop typing before its last weak search counts as asked. */
export const TYPING_QUIET_MS = 4000;

/**
 * Search runs as people type, so "when is the" (weak) comes before "when is the review conference" (fine).
 * A weak search from a browser waits here; the browser's next search replaces it, and it is recorded only
 * after TYPING_QUIET_MS of quiet. The browser is told apart by its CSRF cookie, held in memory only.
 */
export class PendingSearches {
  private readonly waiting = new Map<string, { item: NewFeedback; timer: NodeJS.Timeout }>();

  constructor(
    private readonly store: () => FeedbackStore,
    private readonly quietMs = TYPING_QUIET_MS,
  ) {}

  /** A search from `client`: replaces whatever it was still typing; a weak one waits its turn. */
  note(client: string, item: NewFeedback | undefined): void {
    this.cancel(client);
    if (!item) return;
    const timer = setTimeout(() => void this.settle(client), this.quietMs);
    timer.unref();
    this.waiting.set(client, { item, timer });
  }

  /** The browser answered Yes or No for this question: its answer says more than our guess, so drop the guess. */
  answered(client: string, query: string): void {
    const w = this.waiting.get(client);
    if (w && queryKey(w.item.query) === queryKey(query)) this.cancel(client);
  }

  /** Records everything still waiting (at shutdown, and in tests). */
  async flush(): Promise<void> {
    await Promise.all([...this.waiting.keys()].map((k) => this.settle(k)));
  }

  private cancel(client: string) {
    const w = this.waiting.get(client);
    if (!w) return;
    clearTimeout(w.timer);
    this.waiting.delete(client);
  }

  private async settle(client: string) {
    const w = this.waiting.get(client);
    if (!w) return;
    this.cancel(client);
    await this.store()
      .add(w.item)
      .catch((e) => logFailure(e));
  }
}

const pending = new WeakMap<AppContext, PendingSearches>();
export function pendingSearches(ctx: AppContext): PendingSearches {
  let p = pending.get(ctx);
  if (!p) {
    p = new PendingSearches(() => ctx.feedback);
    pending.set(ctx, p);
  }
  return p;
}

/** Assistant replies answered in this process, so the chat page shows "Thank you" instead of asking again. */
const answeredReplies = new WeakMap<AppContext, Map<string, "yes" | "no">>();
export function repliesAnswered(ctx: AppContext): Map<string, "yes" | "no"> {
  let m = answeredReplies.get(ctx);
  if (!m) {
    m = new Map();
    answeredReplies.set(ctx, m);
  }
  if (m.size > 10_000) m.clear();
  return m;
}
export const replyKey = (conversationId: string, at: string) => `${conversationId}:${at}`;

/**
 * For the search page: records a search that found nothing or only a weak match. `typing`: an htmx search
 * made as the person types, which waits to see whether they carry on typing (PendingSearches).
 */
export function noticeSearch(
  ctx: AppContext,
  client: string,
  s: { query: string; sets: string[]; outcome: SearchOutcome; typing: boolean },
): void {
  const signal = searchSignal(s.outcome);
  const top = topOf(s.outcome);
  const query = cleanQuery(s.query);
  const item: NewFeedback | undefined =
    signal && query ? { kind: "search", signal, query, sets: s.sets, ...(top ? { top } : {}) } : undefined;
  const pending = pendingSearches(ctx);
  if (s.typing) pending.note(client, item);
  else {
    pending.note(client, undefined);
    if (item) ctx.feedback.add(item).catch(logFailure);
  }
}
