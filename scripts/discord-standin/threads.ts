/**
 * Discord's rules for the bot's requests on threads and forum posts: editing them (tags, archive,
 * lock, name) and posting into them. Each returns Discord's refusal, or applies the change.
 */
import { invalidForm, ok, refuse, type RestResult } from './http.js';
import { threadJson } from './json.js';
import { P } from './permissions.js';
import { CHANNEL, FORUM, type Channel } from './types.js';
import type { ThreadChanges, World } from './world.js';

/**
 * PATCH /channels/:id on a thread. Discord's checks: a valid body (tags from the parent forum, at
 * most five; a known auto-archive duration; a name of 1–100 characters); an archived thread takes
 * no change unless the request also unarchives it; Manage Threads in the parent to change
 * `locked`, to unarchive a locked thread, to add or remove a moderated tag, and to change anything
 * but `archived: false` on a thread the bot does not own. Success sends THREAD_UPDATE.
 */
export function editThread(world: World, thread: Channel, body: unknown): RestResult {
  const parsed = parseThreadChanges(world, thread, body);
  if ('refused' in parsed) return parsed.refused;
  const changes = parsed.changes;
  const meta = thread.thread_metadata!;
  if (meta.archived && changes.archived !== false) return refuse(400, 50083, 'Thread is archived');

  const perms = world.permissionsOf(world.bot.id, thread);
  const manage = (perms & P.ManageThreads) !== 0n;
  const owns = thread.owner_id === world.bot.id;
  const changed = (key: keyof ThreadChanges, current: unknown) =>
    changes[key] !== undefined && JSON.stringify(changes[key]) !== JSON.stringify(current);
  const needsManage: string[] = [];
  if (changed('locked', meta.locked)) needsManage.push('locked');
  if (changes.archived === false && meta.archived && (changes.locked ?? meta.locked)) needsManage.push('archived (the thread is locked)');
  if (!owns) {
    if (changed('name', thread.name)) needsManage.push('name');
    if (changed('applied_tags', thread.applied_tags)) needsManage.push('applied_tags');
    if (changes.archived === true && !meta.archived) needsManage.push('archived');
    if (changed('auto_archive_duration', meta.auto_archive_duration)) needsManage.push('auto_archive_duration');
  }
  if (changes.applied_tags) {
    const before = new Set(thread.applied_tags ?? []);
    const after = new Set(changes.applied_tags);
    const moved = [...before].filter((id) => !after.has(id)).concat([...after].filter((id) => !before.has(id)));
    const tags = world.parentOf(thread).available_tags ?? [];
    if (moved.some((id) => tags.find((t) => t.id === id)?.moderated)) needsManage.push('applied_tags (a moderated tag)');
  }
  if (changes.archived === false && meta.archived && !(perms & P.SendMessagesInThreads)) return refuse(403, 50013, 'Missing Permissions');
  if (needsManage.length && !manage) return refuse(403, 50013, 'Missing Permissions', needsManage.map((f) => `${f}: needs Manage Threads`));

  world.updateThread(thread, changes, 'bot');
  return ok(threadJson(thread));
}

function parseThreadChanges(world: World, thread: Channel, body: unknown): { changes: ThreadChanges } | { refused: RestResult } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { refused: refuse(400, 50035, 'Invalid Form Body', ['Expected a JSON object']) };
  }
  const b = body as Record<string, unknown>;
  const problems: string[] = [];
  const changes: ThreadChanges = {};
  if (b.name !== undefined) {
    if (typeof b.name !== 'string' || [...b.name].length < 1 || [...b.name].length > 100) problems.push('name: Must be between 1 and 100 in length.');
    else changes.name = b.name;
  }
  for (const key of ['archived', 'locked'] as const) {
    if (b[key] === undefined) continue;
    if (typeof b[key] !== 'boolean') problems.push(`${key}: Must be either true or false.`);
    else changes[key] = b[key];
  }
  if (b.auto_archive_duration !== undefined) {
    if (!(FORUM.autoArchiveDurations as readonly unknown[]).includes(b.auto_archive_duration)) {
      problems.push(`auto_archive_duration: Value must be one of {${FORUM.autoArchiveDurations.join(', ')}}.`);
    } else changes.auto_archive_duration = b.auto_archive_duration as number;
  }
  if (b.applied_tags !== undefined) {
    const parent = world.parentOf(thread);
    const available = parent.available_tags ?? [];
    if (parent.type !== CHANNEL.Forum) {
      problems.push('applied_tags: Only posts in a forum carry tags.');
    } else if (!Array.isArray(b.applied_tags) || b.applied_tags.some((t) => typeof t !== 'string')) {
      problems.push('applied_tags: Must be an array of tag IDs.');
    } else {
      const tags = b.applied_tags as string[];
      if (tags.length > FORUM.maxAppliedTags) problems.push(`applied_tags: Must be ${FORUM.maxAppliedTags} or fewer in length.`);
      tags.forEach((id, i) => {
        if (!available.some((t) => t.id === id)) problems.push(`applied_tags.${i}: Tag ${id} is not one of the forum's available tags.`);
      });
      changes.applied_tags = tags;
    }
  }
  const invalid = invalidForm(problems);
  return invalid ? { refused: invalid } : { changes };
}

/**
 * Before the bot's message goes into a thread: an archived thread that is not locked is reopened
 * (THREAD_UPDATE), as Discord does for any message; an archived locked thread refuses it (50083),
 * and a locked one refuses it without Manage Threads.
 */
export function beforeMessageInThread(world: World, thread: Channel, perms: bigint): RestResult | undefined {
  const meta = thread.thread_metadata!;
  if (meta.archived && meta.locked) return refuse(400, 50083, 'Thread is archived');
  if (meta.locked && !(perms & P.ManageThreads)) return refuse(403, 160005, 'Thread is locked');
  if (meta.archived) world.updateThread(thread, { archived: false }, 'bot');
  return undefined;
}
