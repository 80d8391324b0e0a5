/**
 * The Lua script behind every shared Discord budget: an evenly spaced slot allocator with two
 * classes, run atomically by Redis, with Redis's `TIME` as the one clock of every host (the
 * hosts' own clocks never meet).
 *
 * The key holds `nextGrantAt`, in microseconds on Redis's clock: the earliest time of the next
 * slot. A request for a slot:
 * - `nextGrantAt <= now`: granted now; `nextGrantAt = now + interval`.
 * - otherwise, urgent: the slot at `nextGrantAt` is reserved for it (`nextGrantAt += interval`)
 *   and it is told how long to wait for it;
 * - otherwise, an update: nothing is reserved; it is told to ask again at `nextGrantAt`.
 *
 * So urgent requests of every process go ahead of every process's updates (an update only gets
 * a slot nobody reserved), and no two slots are ever closer than `interval`: there is no bucket
 * to fill while idle, hence no burst after it. The key expires `idleTtlMs` after its last
 * reserved slot, so an idle budget leaves nothing behind.
 *
 * KEYS[1] the budget's key · ARGV[1] interval, whole µs · ARGV[2] `1` for urgent ·
 * ARGV[3] idle TTL, ms. Returns `{granted 0|1, wait µs, slot time µs}` (for an update not granted:
 * `{0, µs until nextGrantAt, nextGrantAt}`).
 */
export const TAKE_SLOT_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval = tonumber(ARGV[1])
local nextGrantAt = tonumber(redis.call('GET', KEYS[1]) or 0)
local slotAt
if nextGrantAt <= now then
  slotAt = now
elseif ARGV[2] == '1' then
  slotAt = nextGrantAt
else
  return {0, nextGrantAt - now, nextGrantAt}
end
local following = slotAt + interval
-- '%.0f': tostring would keep only 14 digits of a 16-digit microsecond time
redis.call('SET', KEYS[1], string.format('%.0f', following), 'PX', string.format('%.0f', math.ceil((following - now) / 1000) + tonumber(ARGV[3])))
return {1, slotAt - now, slotAt}
`;
