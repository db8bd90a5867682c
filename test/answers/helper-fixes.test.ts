import { describe, expect, it } from 'vitest';
import { HelperFixes } from '../../src/answers/helper-fixes.js';

describe('helpers\' fixes', () => {
  it('answer a message once Discord took the fix, and not while none was sent', async () => {
    const fixes = new HelperFixes();
    expect(await fixes.answered('m1')).toBe(false);
    const posted = fixes.sending('m1');
    let settled: boolean | undefined;
    const waiting = fixes.answered('m1').then((answered) => (settled = answered));
    await Promise.resolve();
    // On its way: a reply to the message waits to know.
    expect(settled).toBeUndefined();
    posted(true);
    await waiting;
    expect(settled).toBe(true);
    expect(await fixes.answered('m1')).toBe(true);
    expect(await fixes.answered('m2')).toBe(false);
  });

  it('do not answer it when Discord failed the fix, unless a later fix for it went out', async () => {
    const fixes = new HelperFixes();
    const failed = fixes.sending('m1');
    const waiting = fixes.answered('m1');
    failed(false);
    expect(await waiting).toBe(false);
    expect(await fixes.answered('m1')).toBe(false);
    // Two helpers at once: the first one's failure does not undo the second one's fix.
    const first = fixes.sending('m2');
    const second = fixes.sending('m2');
    first(false);
    second(true);
    expect(await fixes.answered('m2')).toBe(true);
  });

  it('still answer it when a later fix for it fails: the earlier one Discord took is there', async () => {
    const fixes = new HelperFixes();
    fixes.sending('m1')(true);
    // Another helper sends a fix for it too, and Discord fails that one.
    const again = fixes.sending('m1');
    const waiting = fixes.answered('m1');
    again(false);
    expect(await waiting).toBe(true);
    expect(await fixes.answered('m1')).toBe(true);
    // Both on their way: the first taken, the second failed.
    const first = fixes.sending('m2');
    const second = fixes.sending('m2');
    const meanwhile = fixes.answered('m2');
    first(true);
    second(false);
    expect(await meanwhile).toBe(true);
    expect(await fixes.answered('m2')).toBe(true);
  });
});
