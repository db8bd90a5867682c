/**
 * The checks Discord makes on message bodies that a bot can get wrong. Each returns the
 * problems found, phrased like the `errors` of Discord's 50035 "Invalid Form Body".
 */

interface Embed {
  title?: string;
  description?: string;
  fields?: Array<{ name?: string; value?: string }>;
  footer?: { text?: string };
  author?: { name?: string };
}

interface Component {
  type: number;
  style?: number;
  custom_id?: string;
  label?: string;
  url?: string;
  options?: Array<{ label?: string; value?: string; description?: string }>;
  placeholder?: string;
  min_values?: number;
  max_values?: number;
  components?: Component[];
}

export interface MessageBody {
  content?: string | null;
  embeds?: Embed[] | null;
  components?: Component[] | null;
  allowed_mentions?: { parse?: string[]; users?: string[]; roles?: string[]; replied_user?: boolean } | null;
  flags?: number;
}

const len = (s: string | undefined | null) => (s ? [...s].length : 0);

export function validateMessage(body: MessageBody): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, path: string, message: string) => {
    if (!ok) problems.push(`${path}: ${message}`);
  };
  check(len(body.content) <= 2000, 'content', 'Must be 2000 or fewer in length.');
  const embeds = body.embeds ?? [];
  check(embeds.length <= 10, 'embeds', 'Must be 10 or fewer in length.');
  let total = 0;
  embeds.forEach((e, i) => {
    const p = `embeds.${i}`;
    check(len(e.title) <= 256, `${p}.title`, 'Must be 256 or fewer in length.');
    check(len(e.description) <= 4096, `${p}.description`, 'Must be 4096 or fewer in length.');
    check((e.fields ?? []).length <= 25, `${p}.fields`, 'Must be 25 or fewer in length.');
    (e.fields ?? []).forEach((f, j) => {
      check(len(f.name) >= 1 && len(f.name) <= 256, `${p}.fields.${j}.name`, 'Must be between 1 and 256 in length.');
      check(len(f.value) >= 1 && len(f.value) <= 1024, `${p}.fields.${j}.value`, 'Must be between 1 and 1024 in length.');
    });
    check(len(e.footer?.text) <= 2048, `${p}.footer.text`, 'Must be 2048 or fewer in length.');
    check(len(e.author?.name) <= 256, `${p}.author.name`, 'Must be 256 or fewer in length.');
    total +=
      len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name) +
      (e.fields ?? []).reduce((n, f) => n + len(f.name) + len(f.value), 0);
  });
  check(total <= 6000, 'embeds', 'Embed size exceeds maximum size of 6000');

  const rows = body.components ?? [];
  check(rows.length <= 5, 'components', 'Must be 5 or fewer in length.');
  const ids = new Set<string>();
  rows.forEach((row, i) => {
    check(row.type === 1, `components.${i}.type`, 'Top-level components must be action rows.');
    const children = row.components ?? [];
    check(children.length >= 1 && children.length <= 5, `components.${i}.components`, 'Must be between 1 and 5 in length.');
    const hasSelect = children.some((c) => c.type >= 3 && c.type <= 8 && c.type !== 4);
    check(!hasSelect || children.length === 1, `components.${i}.components`, 'A select menu must be alone in its row.');
    children.forEach((c, j) => {
      const p = `components.${i}.components.${j}`;
      // A link button (style 5) has a url and no custom_id; any other button the reverse.
      if (c.type === 2 && c.style === 5) {
        check(!!c.url, `${p}.url`, 'Link buttons must have a url.');
        check(!c.custom_id, `${p}.custom_id`, 'Link buttons cannot have a custom_id.');
      } else {
        if (c.type === 2) check(!c.url, `${p}.url`, 'Only link buttons can have a url.');
        check(len(c.custom_id) >= 1 && len(c.custom_id) <= 100, `${p}.custom_id`, 'Must be between 1 and 100 in length.');
        if (c.custom_id) {
          check(!ids.has(c.custom_id), `${p}.custom_id`, 'Component custom id cannot be duplicated');
          ids.add(c.custom_id);
        }
      }
      check(len(c.label) <= 80, `${p}.label`, 'Must be 80 or fewer in length.');
      check(len(c.placeholder) <= 150, `${p}.placeholder`, 'Must be 150 or fewer in length.');
      if (c.type >= 3 && c.type <= 8 && c.type !== 4) {
        const min = c.min_values ?? 1;
        const max = c.max_values ?? 1;
        check(Number.isInteger(min) && min >= 0 && min <= 25, `${p}.min_values`, 'Must be between 0 and 25.');
        check(Number.isInteger(max) && max >= 1 && max <= 25, `${p}.max_values`, 'Must be between 1 and 25.');
        check(min <= max, `${p}.min_values`, 'Must be less than or equal to max_values.');
      }
      if (c.type === 3) {
        const options = c.options ?? [];
        check(options.length >= 1 && options.length <= 25, `${p}.options`, 'Must be between 1 and 25 in length.');
        const values = new Set<string>();
        options.forEach((o, k) => {
          check(len(o.label) >= 1 && len(o.label) <= 100, `${p}.options.${k}.label`, 'Must be between 1 and 100 in length.');
          check(len(o.value) >= 1 && len(o.value) <= 100, `${p}.options.${k}.value`, 'Must be between 1 and 100 in length.');
          check(len(o.description) <= 100, `${p}.options.${k}.description`, 'Must be 100 or fewer in length.');
          check(!values.has(o.value ?? ''), `${p}.options.${k}.value`, 'Select menu option values must be unique');
          values.add(o.value ?? '');
        });
      }
    });
  });

  const am = body.allowed_mentions;
  if (am) {
    const parse = am.parse ?? [];
    check(parse.every((t) => ['users', 'roles', 'everyone'].includes(t)), 'allowed_mentions.parse', 'Value is not a valid enum.');
    check(!(parse.includes('users') && am.users?.length), 'allowed_mentions', '"users" cannot be in parse and users at once.');
    check(!(parse.includes('roles') && am.roles?.length), 'allowed_mentions', '"roles" cannot be in parse and roles at once.');
    check((am.users ?? []).length <= 100, 'allowed_mentions.users', 'Must be 100 or fewer in length.');
  }
  return problems;
}

/**
 * Whether a message would show nothing (Discord's 50006 "Cannot send an empty message"): no text but
 * spaces, no embed, no component, no file. An edit is judged by the message it leaves (`current`).
 */
export function isEmptyMessage(body: MessageBody & { attachments?: unknown[] | null; sticker_ids?: unknown[] | null }, current?: MessageBody): boolean {
  const pick = <K extends keyof MessageBody>(key: K) => (body[key] !== undefined ? body[key] : current?.[key]);
  const content = pick('content');
  return !content?.trim() && !pick('embeds')?.length && !pick('components')?.length && !body.attachments?.length && !body.sticker_ids?.length;
}

export function validateChoices(choices: Array<{ name?: string; value?: unknown }> | undefined): string[] {
  const problems: string[] = [];
  const list = choices ?? [];
  if (list.length > 25) problems.push('data.choices: Must be 25 or fewer in length.');
  list.forEach((c, i) => {
    if (len(c.name) < 1 || len(c.name) > 100) problems.push(`data.choices.${i}.name: Must be between 1 and 100 in length.`);
    if (typeof c.value === 'string' && (len(c.value) < 1 || len(c.value) > 100)) {
      problems.push(`data.choices.${i}.value: Must be between 1 and 100 in length.`);
    }
  });
  return problems;
}

/** Who a message would ping, as Discord decides it from the content and allowed_mentions. */
export function pingedBy(content: string, allowed: MessageBody['allowed_mentions'], defaultParse = true): {
  users: string[];
  roles: string[];
  everyone: boolean;
} {
  const parse = allowed ? (allowed.parse ?? []) : defaultParse ? ['users', 'roles', 'everyone'] : [];
  const users = [...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]!);
  const roles = [...content.matchAll(/<@&(\d+)>/g)].map((m) => m[1]!);
  return {
    users: users.filter((u) => parse.includes('users') || (allowed?.users ?? []).includes(u)),
    roles: roles.filter((r) => parse.includes('roles') || (allowed?.roles ?? []).includes(r)),
    everyone: parse.includes('everyone') && /@(everyone|here)/.test(content),
  };
}
