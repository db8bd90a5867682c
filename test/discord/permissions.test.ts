import { PermissionFlagsBits, PermissionsBitField, type GuildTextBasedChannel } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { canEmbed, canManageMessages, missingToPost, permissionNames } from '../../src/discord/permissions.js';

const channel = (granted: bigint[] | null, thread = false, locked = false) =>
  ({
    isThread: () => thread,
    locked,
    client: { user: { id: 'bot' } },
    permissionsFor: () => (granted ? new PermissionsBitField(granted) : null),
  }) as unknown as GuildTextBasedChannel;

describe('permission checks', () => {
  const { ViewChannel, SendMessages, SendMessagesInThreads, ReadMessageHistory, EmbedLinks, ManageMessages, ManageThreads } = PermissionFlagsBits;

  it('names what the bot lacks to post, in channels and threads', () => {
    expect(missingToPost(channel([ViewChannel, SendMessages, ReadMessageHistory]))).toEqual([]);
    expect(missingToPost(channel([ViewChannel, ReadMessageHistory]))).toEqual(['SendMessages']);
    expect(missingToPost(channel([ViewChannel, SendMessages, ReadMessageHistory], true))).toEqual(['SendMessagesInThreads']);
    expect(missingToPost(channel([ViewChannel, SendMessagesInThreads, ReadMessageHistory], true))).toEqual([]);
    expect(missingToPost(channel(null))).toEqual(['ViewChannel', 'SendMessages', 'ReadMessageHistory']);
    // A plain message (not a reply) needs no history.
    expect(missingToPost(channel([ViewChannel, SendMessages]), { reply: false })).toEqual([]);
    expect(missingToPost(channel([ViewChannel, SendMessages]))).toEqual(['ReadMessageHistory']);
    // A locked thread takes messages only from those who may manage threads.
    expect(missingToPost(channel([ViewChannel, SendMessagesInThreads, ReadMessageHistory], true, true))).toEqual(['ManageThreads']);
    expect(missingToPost(channel([ViewChannel, SendMessagesInThreads, ReadMessageHistory, ManageThreads], true, true))).toEqual([]);
    expect(permissionNames(['SendMessagesInThreads', 'ViewChannel'])).toBe('Send Messages in Threads, View Channel');
  });

  it('knows when it may embed and who may manage messages', () => {
    expect(canEmbed(channel([EmbedLinks]))).toBe(true);
    expect(canEmbed(channel([ViewChannel]))).toBe(false);
    expect(canManageMessages(new PermissionsBitField([ManageMessages]))).toBe(true);
    expect(canManageMessages(new PermissionsBitField([ViewChannel]))).toBe(false);
    expect(canManageMessages(null)).toBe(false);
  });
});
