import type { ExtraPhrase } from '../core/search.js';
import type { ErrorEntry } from '../data/index.js';
import type { AttachmentInfo } from '../images/image-check.js';
import type { ScreenshotReading } from '../images/screenshot-reader.js';
import type { MessagePayload } from '../render/entry.js';
import type { StatsEvent } from '../storage/guild-data.js';

/**
 * The ways a member reaches the bot. Each has its own fallbacks (see answerer.ts), but all go
 * through the one module: the commands and events only turn Discord objects into an `Ask`.
 */
export type WayIn =
  /** `/spotify-error` with a query (search decides) and/or a screenshot. */
  | 'slash'
  /** `@bot <error>`: the text as pasted, its images, then search. */
  | 'mention'
  /** Apps → Send Spotify fix on a member's message: one clear error is posted, anything else is a choice. */
  | 'context'
  /** A message in a channel with automatic replies: pasted errors and screenshots only, precision first. */
  | 'auto'
  /** A new post in a help forum: its title and opening message as pasted, then its images (no cooldowns). */
  | 'forum';

/** What a member gave, and where. */
export interface Ask {
  way: WayIn;
  /** What they typed (a mention of the bot already removed), or the message's text. */
  text: string;
  /** Images given with it: the message's attachments, or the `screenshot` option. */
  images: readonly AttachmentInfo[];
  guildId: string | null;
  /** The server's own phrases. */
  phrases: readonly ExtraPhrase[];
  /** Symptom descriptions count (a server's symptom mode). Only unasked answers use it: asked ones fall back to search. */
  symptomMode?: boolean;
  /**
   * Asked in a channel the server chose for Spotify help (automatic replies run there): the
   * channel is the context, so wording any app could show counts unless another program is named.
   */
  helpChannel?: boolean;
  /** Which images may be read now (automatic replies limit them per member); all of them by default. */
  admitImages?: (images: readonly AttachmentInfo[]) => readonly AttachmentInfo[];
  /**
   * A mention that replies to one of the bot's own messages: words that show no error ("it didn't
   * work", "still the same") are about that answer, not a new question to search for.
   */
  followsUp?: boolean;
}

export type Finding =
  /**
   * One entry, or several errors in one message. `by`: the detector (a pasted code or message) or
   * search; `confidences` (0..1, per entry) when the detector found them.
   */
  | { kind: 'entries'; entries: ErrorEntry[]; by: 'detection' | 'search'; confidences?: number[] }
  /** A displayed message several entries share, with nothing to tell them apart; or the code number they share (`number`). */
  | { kind: 'group'; message: string; number?: string; entries: ErrorEntry[] }
  /** Candidates to choose from ("did you mean"): why there is no one answer (`number`: a code number several errors have). */
  | { kind: 'choices'; candidates: ErrorEntry[]; why: 'close' | 'several' | 'shared' | 'number' | 'unclear' }
  /** Nothing found; `nearest`: the closest entries search still ranks, which a question asked of the bot shows as a miss's menu. */
  | { kind: 'none'; nearest?: ErrorEntry[] };

/** The decision, and what it was read from. */
export type Answer = Finding & {
  source: 'text' | 'screenshot';
  /** The image the answer came from, or the first one read when none showed an error. */
  reading?: ScreenshotReading;
};

/** Who the answer is from and for. */
export interface Audience {
  /** The member who asked: the slash command's user, the helper using Send Spotify fix, the message's author. */
  askedBy: string;
  /** The member a helper named (`user:`), mentioned in the answer. */
  forUserId?: string;
  /** Only the asker sees it. */
  private?: boolean;
  /** Short entries (automatic replies, per server setting). */
  compact?: boolean;
  /** Send Spotify fix: the message answered. */
  target?: {
    channelId: string;
    messageId: string;
    authorId: string;
    /** A webhook or a bot posted it: no mention reaches its author, and the fix addresses nobody. */
    unaddressed?: boolean;
  };
  /** Answering inside a help-forum post (its thread ID): public replies carry Mark solved. */
  helpForumPost?: string;
}

/** The ways in metrics count answers by (the slash command's autocomplete picks and screenshots apart). */
export type MetricWay = 'slash' | 'autocomplete' | 'screenshot' | 'auto' | 'mention' | 'context' | 'forum';
/** What the answer was: one entry, a shared-message group, a menu to pick from, or a miss. */
export type MetricOutcome = 'entry' | 'group' | 'menu' | 'miss';

/** What to send, to whom, and what it counts in the stats. */
export interface Reply {
  payload: MessagePayload;
  private: boolean;
  /** The only members the reply may ping. */
  mentionUserIds: string[];
  stats: StatsEvent[];
  /** The entries shown, for following edits and the feedback buttons. */
  codes: string[];
  /** How the metrics count it. */
  metric: { way: MetricWay; outcome: MetricOutcome };
}
