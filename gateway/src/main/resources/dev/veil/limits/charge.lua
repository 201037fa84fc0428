-- Veil: check-and-add over fixed windows, all or nothing (see RedisCounters).
-- KEYS[i]: a counter. ARGV[4i-3..4i]: amount, limit, check (n: none, f: value + amount <= limit,
-- b: value < limit), the end of the counter's window in epoch milliseconds (its expiry).
-- Returns {0, v1..vn} after adding every amount, or {i, v1..vn} as they were when check i failed.
local n = #KEYS
local values = {}
for i = 1, n do
  values[i] = tonumber(redis.call('GET', KEYS[i]) or '0')
end
for i = 1, n do
  local amount = tonumber(ARGV[4 * i - 3])
  local limit = tonumber(ARGV[4 * i - 2])
  local check = ARGV[4 * i - 1]
  if (check == 'f' and values[i] + amount > limit) or (check == 'b' and values[i] >= limit) then
    local out = {i}
    for j = 1, n do
      out[j + 1] = values[j]
    end
    return out
  end
end
local out = {0}
for i = 1, n do
  local amount = tonumber(ARGV[4 * i - 3])
  if amount ~= 0 then
    out[i + 1] = redis.call('INCRBY', KEYS[i], amount)
    redis.call('PEXPIREAT', KEYS[i], ARGV[4 * i])
  else
    out[i + 1] = values[i]
  end
end
return out
