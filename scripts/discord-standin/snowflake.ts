const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;

/** A fresh, time-ordered Discord ID. */
export function snowflake(at = Date.now()): string {
  increment = (increment + 1n) % 4096n;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | increment).toString();
}
