/** Permission bits the stand-in reasons about (the same values as Discord's). */
export const P = {
  CreateInstantInvite: 1n << 0n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  UseApplicationCommands: 1n << 31n,
  ManageThreads: 1n << 34n,
  SendMessagesInThreads: 1n << 38n,
} as const;

export const EVERYONE_DEFAULT =
  P.CreateInstantInvite | P.AddReactions | P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles |
  P.ReadMessageHistory | P.UseExternalEmojis | P.UseApplicationCommands | P.SendMessagesInThreads;

export const ALL_PERMISSIONS = (1n << 50n) - 1n;

export interface Overwrite {
  id: string;
  type: 0 | 1;
  allow: string;
  deny: string;
}

/** Discord's permission computation: base from roles, then @everyone, role and member overwrites. */
export function computePermissions(input: {
  guildId: string;
  ownerId: string;
  userId: string;
  memberRoles: string[];
  roles: Map<string, bigint>;
  overwrites: Overwrite[];
}): bigint {
  if (input.userId === input.ownerId) return ALL_PERMISSIONS;
  let base = input.roles.get(input.guildId) ?? 0n;
  for (const role of input.memberRoles) base |= input.roles.get(role) ?? 0n;
  if (base & P.Administrator) return ALL_PERMISSIONS;
  const apply = (o: Overwrite | undefined) => {
    if (o) base = (base & ~BigInt(o.deny)) | BigInt(o.allow);
  };
  apply(input.overwrites.find((o) => o.id === input.guildId));
  let allow = 0n;
  let deny = 0n;
  for (const o of input.overwrites) {
    if (o.type === 0 && input.memberRoles.includes(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  base = (base & ~deny) | allow;
  apply(input.overwrites.find((o) => o.type === 1 && o.id === input.userId));
  return base;
}
