/**
 * Tables. Stats are daily counters without user IDs; a vote keeps only a keyed hash (HMAC-SHA256,
 * secret outside the database) of its voter, per server, entry and day.
 */
export interface Database {
  guild_settings: { guild_id: string; settings: string; updated_at: string };
  phrases: { guild_id: string; phrase_key: string; phrase: string; code: string; created_by: string; created_at: string };
  lookups: { guild_id: string; day: string; code: string; source: string; count: number };
  misses: { guild_id: string; day: string; query: string; count: number };
  votes: { guild_id: string; code: string; day: string; voter: string; helpful: number };
  /** One row the outage probe rewrites to learn whether the database takes writes again. */
  storage_heartbeat: { id: string; at: string };
}
