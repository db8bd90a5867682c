import { LRUCache } from 'lru-cache';

/**
 * Messages a helper is sending a fix for (Send Spotify fix), or sent one for lately, and whether Discord took it.
 * An automatic reply or a help post's first reply still on its way for such a message would be a second answer; one
 * whose fix Discord failed is the member's only answer. One instance is shared by every way in that answers unasked.
 */
export class HelperFixes {
  private readonly fixes = new LRUCache<string, Promise<boolean>>({ max: 10_000, ttl: 10 * 60_000 });

  /** A fix for this message is on its way: returns what to call, once, with whether Discord took it. */
  sending(messageId: string): (posted: boolean) => void {
    const earlier = this.fixes.get(messageId);
    let settle!: (posted: boolean) => void;
    const taken = new Promise<boolean>((resolve) => (settle = resolve));
    // Another helper's fix for it, sent or on its way, answers the member whatever Discord does with this one.
    const posted = earlier ? taken.then((ok) => ok || earlier) : taken;
    this.fixes.set(messageId, posted);
    return (ok) => {
      settle(ok);
      if (!ok && !earlier && this.fixes.get(messageId) === posted) this.fixes.delete(messageId);
    };
  }

  /** Whether a helper's fix answered this message: one on its way is waited for; false when none was sent. */
  answered(messageId: string): Promise<boolean> {
    return this.fixes.get(messageId) ?? Promise.resolve(false);
  }
}
