import { describe, expect, it } from 'vitest';
import { commandPayloads, commands, componentHandlers } from '../../src/commands/index.js';
import * as ids from '../../src/render/custom-ids.js';

describe('the command registry', () => {
  it('names each command once, and deploys what the router serves', () => {
    const names = commands.map((c) => c.data.name);
    expect(new Set(names).size).toBe(names.length);
    expect(commandPayloads().map((p) => p.name)).toEqual(names);
  });

  it('has exactly one handler for every custom ID the bot renders', () => {
    const codecs = Object.values(ids).flatMap((v) => (typeof v === 'object' && 'prefix' in v ? [v.prefix] : []));
    const handled = componentHandlers.map((h) => h.id.prefix);
    expect(new Set(handled).size).toBe(handled.length);
    expect([...handled].sort()).toEqual(codecs.sort());
  });
});
