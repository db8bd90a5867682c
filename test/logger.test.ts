import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) });
  return { lines, logger: createLogger({ level: 'info', destination, secrets: ['bot-token-123456'] }) };
}

describe('logs', () => {
  it('never carry a request body or an interaction token of an error nested in another (a cause, an AggregateError)', () => {
    const { lines, logger } = capture();
    const refused = () =>
      Object.assign(new Error('Invalid Form Body'), {
        url: 'https://discord.com/api/v10/interactions/1234567890/aW50ZXJhY3Rpb246c2VjcmV0/callback',
        requestBody: { json: { content: 'text I read: “My bank PIN is 4321”' } },
      });
    logger.error({ err: new AggregateError([refused(), new Error('other')], 'both failed') }, 'replies failed');
    logger.error({ err: new Error('wrapped', { cause: new Error('outer', { cause: refused() }) }) }, 'reply failed');
    const text = lines.join('');
    expect(text).not.toContain('PIN is 4321');
    expect(text).not.toContain('aW50ZXJhY3Rpb246c2VjcmV0');
    expect(JSON.parse(lines[0]!)).toMatchObject({ err: { aggregateErrors: [{ message: 'Invalid Form Body' }, { message: 'other' }] } });
    expect(JSON.parse(lines[1]!)).toMatchObject({ err: { message: 'wrapped: outer: Invalid Form Body' } });
  });

  it('never carry a request body, an interaction token or the bot token, above debug or anywhere', () => {
    const { lines, logger } = capture();
    // What discord.js throws when Discord refuses a reply: the body sent and the route with its token.
    const error = Object.assign(new Error('Invalid Form Body'), {
      url: 'https://discord.com/api/v10/interactions/1234567890/aW50ZXJhY3Rpb246c2VjcmV0/callback',
      requestBody: { json: { content: 'text I read: “My bank PIN is 4321”' } },
      method: 'POST',
      status: 400,
    });
    logger.error({ err: error, channel: '1' }, 'reply failed');
    logger.warn({ err: new Error('POST /webhooks/1234/aW50ZXJhY3Rpb24 failed') }, 'follow-up failed');
    logger.info({ token: 'bot-token-123456' }, 'configured with bot-token-123456');
    const text = lines.join('');
    expect(text).not.toContain('PIN is 4321');
    expect(text).not.toContain('aW50ZXJhY3Rpb246c2VjcmV0');
    expect(text).not.toContain('aW50ZXJhY3Rpb24');
    expect(text).not.toContain('bot-token-123456');
    expect(text).toContain('/interactions/1234567890/[REDACTED]/callback');
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'reply failed', err: { message: 'Invalid Form Body', status: 400 } });
  });
});
