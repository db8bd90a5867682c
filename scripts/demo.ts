/**
 * npm run demo: the real bot against the local Discord stand-in, no account or .env needed.
 * Plays a short scripted conversation and prints it; --interactive lets you type into it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { IMAGES_PER_MEMBER_PER_MINUTE } from '../src/answers/auto-reply-gate.js';
import { commandPayloads } from '../src/commands/index.js';
import type { AutoReplyOutcome } from '../src/discord/auto-replies/index.js';
import { DiscordStandIn, P, startBotProcess, temporaryDatabaseUrl, type Message, type User } from './discord-standin/index.js';
import { messagesFrom, spotifyErrorOptions } from './demo-input.js';
import { formatMessage } from './discord-standin/transcript.js';
import { positiveScreenshots } from './fixtures/screenshots.js';

let interactive: boolean;
try {
  ({ interactive } = parseArgs({ options: { interactive: { type: 'boolean', default: false } } }).values);
} catch (error) {
  console.error(`${(error as Error).message}\nUsage: npm run demo [-- --interactive]`);
  process.exit(2);
}
const standin = await new DiscordStandIn().start();
const guild = standin.addGuild('Spotify Help');
const sam = standin.addMember(guild, 'sam');
const helper = standin.addMember(guild, 'rivka', { moderator: true });
const names = new Map<string, string>([
  [sam.id, 'sam'],
  [guild.general.id, 'general'],
  [guild.help.id, guild.help.name],
  [guild.forum.id, guild.forum.name],
  [helper.id, 'rivka'],
  [standin.bot.id, standin.bot.username],
]);
standin.commands.set('global', commandPayloads().map((c, i) => ({ ...c, id: `13000000000000000${i}`, name: c.name })));

// Debug logs carry what became of each message (IDs and an outcome, never text): the transcript
// waits for them instead of guessing, and says why the bot stayed quiet.
const bot = startBotProcess(
  standin.botEnv({ LOG_LEVEL: 'debug', AUTO_REPLY_CHANNEL_IDS: guild.help.id, DATABASE_URL: temporaryDatabaseUrl() }),
);
const stopAll = async () => {
  await bot.stop();
  await standin.stop();
};
try {
  await bot.ready();
} catch (error) {
  console.error(`The bot did not start: ${(error as Error).message}`);
  await stopAll();
  process.exit(1);
}

const channel = guild.help;
const show = (message: Message) => console.log(`${formatMessage(message, names)}\n`);
const narrate = (text: string) => console.log(`\x1b[2m── ${text}\x1b[0m\n`);
const typed = (user: User, text: string) => console.log(`👤 ${user.username}:\n    ${text}\n`);

/** Why the bot stayed quiet, from the outcome it logged for the message. */
const QUIET: Record<Exclude<AutoReplyOutcome, 'replied'>, string> = {
  'nothing-found': 'no documented Spotify error in that message',
  'not-enabled': 'automatic replies are off in this channel',
  'channel-cooldown': 'it answered this error in this channel less than 10 minutes ago (cooldown per channel)',
  'member-cooldown': 'it answered this member less than a minute ago (one automatic reply a minute per member)',
  'image-unreadable': 'the image could not be read',
  'image-limit': `this member posted more images this minute than the bot reads without being asked (${IMAGES_PER_MEMBER_PER_MINUTE} a minute)`,
  'send-failed': 'it may not post here (a permission is missing)',
  'discord-failed': 'Discord did not take its answer (a server error or a lost connection)',
  'source-deleted': 'the message was deleted before the answer was ready',
  'answered-by-helper': 'a helper sent a fix for the message (Send Spotify fix) before the answer was ready',
  overloaded: 'too many answers were being worked on at once (a flood), so this one was dropped',
};

/**
 * A file path as a terminal pastes it when a file is dragged in: quoted ('/a b.png') or with
 * spaces escaped (/a\ b.png).
 */
function pastedPath(text: string): string {
  const trimmed = text.trim();
  const quoted = /^(['"])(.+)\1$/.exec(trimmed);
  return quoted ? quoted[2]! : trimmed.replace(/\\([ ()'"&;!$[\]{}*?#~<>|`])/g, '$1');
}

/** Waits until the bot has handled a message; returns what it did ("replied", or why it stayed quiet). */
async function handled(message: Message, timeoutMs = 30_000): Promise<string> {
  const line = await bot.waitForLog((l) => l.msg === 'message handled' && l.message === message.id, timeoutMs);
  return String(line.outcome);
}

async function showAnswerTo(message: Message): Promise<void> {
  const outcome = await handled(message);
  const answers = standin.botMessages(message.channel_id).filter((m) => m.message_reference?.message_id === message.id);
  if (outcome === 'replied' && answers.length) answers.forEach(show);
  else console.log(`    (the bot stays quiet: ${QUIET[outcome as keyof typeof QUIET] ?? outcome})\n`);
}

async function slash(user: User, query: string, extra: Record<string, unknown> = {}): Promise<Message> {
  typed(user, `/spotify-error query:${query}${extra.user ? ` user:@${names.get((extra.user as User).id)}` : ''}`);
  const reply = await standin.slash(channel, user, 'spotify-error', { query, ...extra }).reply();
  show(reply);
  return reply;
}

if (interactive) {
  console.log(
    `Type a message as "sam" in #${channel.name} (automatic replies are on there), ` +
      '"/spotify-error <query>" (or "query:<query> private:true", as Discord writes it), "/spotify-errors", or "/image <file>" to post a screenshot. Lines pasted together are one message. Ctrl+D to quit.\n',
  );
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: false });
  for await (const message of messagesFrom(rl, { pastes: process.stdin.isTTY === true })) {
    const text = message.trim();
    if (!text) continue;
    try {
      const command = /^\/spotify-error(?:\s+(.+))?$/s.exec(text);
      const image = /^\/image\s+(.+)$/.exec(text);
      if (image) {
        const file = pastedPath(image[1]!);
        const type = ({ png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp' } as Record<string, string>)[
          file.split('.').pop()!.toLowerCase()
        ];
        const posted = standin.say(channel, sam, '', { attachments: [standin.attach(path.basename(file), await readFile(file), type ?? 'application/octet-stream')] });
        if (type) await showAnswerTo(posted);
        else {
          // The bot never looks at such a file: "no error in that message" would say it had read it.
          await handled(posted);
          console.log('    (the bot stays quiet: it reads PNG, JPEG and WebP images only, and ignores other files)\n');
        }
      } else if (command) {
        show(await standin.slash(channel, sam, 'spotify-error', spotifyErrorOptions(command[1] ?? '')).reply());
      } else if (text === '/spotify-errors') {
        show(await standin.slash(channel, sam, 'spotify-errors').reply());
      } else if (/^\/[a-z][\w-]*(?:\s|$)/i.test(text)) {
        // A command the demo cannot send would reach the bot as a message, and look ignored. (A path
        // such as /Applications/Spotify.app is a message.)
        console.log('    (the demo sends "/spotify-error <query>", "/spotify-errors" and "/image <file>"; anything else not starting with "/" is a message)\n');
      } else {
        await showAnswerTo(standin.say(channel, sam, text));
      }
    } catch (error) {
      console.log(`    (no answer: ${(error as Error).message})\n`);
    }
  }
} else {
  narrate('A helper looks up a code with the slash command');
  await slash(helper, 'Error code: auth:73');

  narrate('Autocomplete while typing "firew"');
  const choices = await standin.autocomplete(channel, sam, 'spotify-error', 'query', 'firew');
  console.log(`    ${choices.slice(0, 5).map((c) => c.name).join('\n    ')}\n    …\n`);

  narrate('A message several errors share: answered in public, with how to tell them apart');
  await slash(helper, 'A firewall may be blocking Spotify', { user: sam });

  narrate('A vague description: the bot asks which one, privately');
  const picker = await slash(helper, 'spotify login problem', { user: sam });
  const select = picker.components[0]!.components![0]!;
  narrate('The helper picks desktop_login_accounts:5; the bot posts it for sam');
  const pick = standin.select(picker, select.custom_id!, ['desktop_login_accounts:5'], helper);
  show(await pick.followup());

  narrate('The reference now covers macOS too: typed the way people type it');
  await slash(sam, 'mac installer cant mount disk image');

  narrate('Nothing clear, in words the reference does not use: a miss that still offers the closest errors');
  const closest = await slash(sam, 'help me pls my music wont play');
  const closestMenu = closest.components[0]!.components![0]!;
  narrate('sam picks ONE_TRACK_UNPLAYABLE from them; the bot posts it');
  show(await standin.select(closest, closestMenu.custom_id!, ['ONE_TRACK_UNPLAYABLE (playback dispatcher)'], sam).followup());

  narrate('Something that is not a Spotify error');
  await slash(sam, 'my cat knocked over the router');

  narrate(`Automatic replies are on in #${channel.name}: sam pastes what Spotify shows`);
  const pasted = 'Spotify won\'t start: "A firewall may be blocking Spotify. (Error code: accounts:103)"';
  typed(sam, pasted);
  const source = standin.say(channel, sam, pasted);
  show(await standin.waitForBotMessage((m) => m.message_reference?.message_id === source.id));
  const alex0 = standin.addMember(guild, 'jo');
  names.set(alex0.id, 'jo');

  narrate('A playback error pasted in the help channel');
  const tabs = "Spotify: You've got too many tabs open. Close this one and continue listening.";
  typed(alex0, tabs);
  const tabsPost = standin.say(channel, alex0, tabs);
  show(await standin.waitForBotMessage((m) => m.message_reference?.message_id === tabsPost.id));

  narrate('Most people post a screenshot instead: the bot reads it in memory, off the main thread');
  const alex = standin.addMember(guild, 'alex');
  names.set(alex.id, 'alex');
  const [shot] = (await positiveScreenshots(1)).filter((f) => f.expected === 'auth:3');
  typed(alex, `[image: the Spotify dialog, ${shot!.width} × ${shot!.height}, "${shot!.name}"]`);
  const image = standin.attach('spotify.png', shot!.bytes, shot!.contentType, { width: shot!.width, height: shot!.height });
  const posted = standin.say(channel, alex, '', { attachments: [image] });
  show(await standin.waitForBotMessage((m) => m.message_reference?.message_id === posted.id, 30_000));

  narrate('Ordinary chat is left alone');
  const chat = ['thanks, that fixed it!', 'we won 3:1 last night', 'GitHub returned 429 when I pushed'];
  const before = standin.botMessages(channel.id).length;
  const said = chat.map((line) => {
    typed(sam, line);
    return standin.say(channel, sam, line);
  });
  await Promise.all(said.map((m) => handled(m)));
  console.log(`    (${standin.botMessages(channel.id).length - before} replies from the bot)\n`);

  narrate('In #general (no automatic replies), rivka uses Apps → "Send Spotify fix" on sam\'s message');
  const question = 'spotify keeps saying Error code: accesspoint:22 on my old laptop';
  typed(sam, question);
  const asked = standin.say(guild.general, sam, question);
  const confirmation = await standin.messageCommand(guild.general, helper, 'Send Spotify fix', asked).reply();
  show(await standin.waitForBotMessage((m) => m.message_reference?.message_id === asked.id));
  show(await standin.waitForBotMessage((m) => m.id === confirmation.id && m.content.startsWith('Sent')));

  narrate(`rivka makes #${guild.forum.name} a help forum (the bot may manage its threads)`);
  standin.allowBot(guild.forum, P.ManageThreads);
  const solvedTag = standin.forumTag(guild.forum, 'Solved');
  typed(helper, `/spotify-error-admin forum add forum:#${guild.forum.name} solved-tag:${solvedTag.name}`);
  show(await standin.slash(channel, helper, 'spotify-error-admin', { forum: guild.forum, 'solved-tag': solvedTag.id }, ['forum', 'add']).reply());

  /** A new member opens a forum post, shown as they would write it. */
  const openPost = (username: string, title: string, content: string) => {
    const owner = standin.addMember(guild, username);
    names.set(owner.id, username);
    typed(owner, `[new post] "${title}" — ${content}`);
    const post = standin.addForumPost(guild, guild.forum, { title, content, owner });
    names.set(post.thread.id, post.thread.name);
    return { owner, ...post };
  };

  narrate('A new forum post with the error in its title is answered in the post');
  const answered = openPost('kim', 'Error code: auth:73 since yesterday', 'help please');
  show(await standin.waitForBotMessage((m) => m.message_reference?.message_id === answered.starter.id));

  narrate('A post without an error gets one greeting with what helps; its owner marks it solved later');
  const vague = openPost('lee', 'spotify keeps stopping', 'it just stops after a few seconds, any idea?');
  const greeting = await standin.waitForBotMessage((m) => m.message_reference?.message_id === vague.starter.id);
  show(greeting);
  typed(vague.owner, '[presses Mark solved]');
  const solvedButton = greeting.components.flatMap((row) => row.components ?? []).find((c) => c.label === 'Mark solved')!;
  await standin.click(greeting, solvedButton.custom_id!, vague.owner).reply();
  show(await standin.waitForBotMessage((m) => m.channel_id === vague.thread.id && m.content.startsWith('✅')));
  const closed = await standin.waitForThreadUpdate((t) => t.id === vague.thread.id && t.thread_metadata!.archived === true);
  console.log(`    (the post is now tagged ${closed.applied_tags!.map((id) => guild.forum.available_tags!.find((t) => t.id === id)?.name).join(', ')} and archived)\n`);
}

await stopAll();
