/** Tables. Stats are daily counters without user IDs; votes keep only a one-way hash of the voter. */
export interface Database {
  guild_settings: { guild_id: string; settings: string; updated_at: string };
  phrases: { guild_id: string; phrase_key: string; phrase: string; code: string; created_by: string; created_at: string };
  lookups: { guild_id: string; day: string; code: string; source: string; count: number };
  misses: { guild_id: string; day: string; query: string; count: number };
  votes: { guild_id: string; answer_id: string; voter: string; code: string; helpful: number; day: string };
}
